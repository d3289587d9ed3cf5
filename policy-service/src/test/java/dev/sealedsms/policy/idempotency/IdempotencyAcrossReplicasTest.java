package dev.sealedsms.policy.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.policy.idempotency.IdempotencyLedger.Answer;
import dev.sealedsms.policy.limits.LimitsConfig;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.policy.vertx.BlockingCalls;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two policy-service "replicas" — each its own {@link Idempotency} with its own memory, sharing
 * only the real broker — get retries of one Idempotency-Key: the request runs once, everyone gets
 * its answer, another body gets 409 wherever it lands, and a replica started later knows the key.
 */
class IdempotencyAcrossReplicasTest {

    private final String bootstrap = SealedInfrastructure.get().kafka().bootstrapServers();
    private final List<Idempotency> replicas = new ArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void twoReplicas() {
        replicas.add(replica(Duration.ofSeconds(30)));
        replicas.add(replica(Duration.ofSeconds(30)));
    }

    @AfterEach
    void stop() {
        replicas.forEach(r -> r.stop(null));
    }

    @Test
    void concurrentRetriesOnTwoReplicasRunTheRequestOnceAndAllGetItsAnswer() {
        String key = "order-" + UUID.randomUUID();
        List<Uni<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(replicas.get(i % 2).execute("web", key, "fp-1", slowAccept(202)));
        }
        List<Answer> answers = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(60));

        assertEquals(1, runs.get(), "the request ran once across both replicas");
        Set<Answer> distinct = new HashSet<>(answers);
        assertEquals(1, distinct.size(), "every retry got the first answer: " + distinct);
        assertEquals(202, answers.get(0).status());
    }

    @Test
    void anotherBodyUnderTheSameKeyIsRefusedOnTheOtherReplica() {
        String key = "order-" + UUID.randomUUID();
        replicas.get(0).execute("web", key, "fp-1", slowAccept(202)).await().atMost(Duration.ofSeconds(30));

        Throwable refused = failure(replicas.get(1).execute("web", key, "fp-2", slowAccept(202)));

        assertInstanceOf(IdempotencyStore.KeyReusedException.class, refused);
        assertEquals(1, runs.get());
    }

    @Test
    void theSameKeyOfAnotherClientIsAnotherRequest() {
        String key = "order-" + UUID.randomUUID();
        replicas.get(0).execute("web", key, "fp-1", slowAccept(202)).await().atMost(Duration.ofSeconds(30));
        replicas.get(1).execute("batch", key, "fp-2", slowAccept(202)).await().atMost(Duration.ofSeconds(30));

        assertEquals(2, runs.get());
    }

    @Test
    void aRetryAfterANonFinalAnswerIsDecidedAnewOnTheOtherReplica() {
        String key = "order-" + UUID.randomUUID();
        Answer first = replicas.get(0).execute("web", key, "fp-1", slowAccept(429)).await().atMost(Duration.ofSeconds(30));
        Answer second = replicas.get(1).execute("web", key, "fp-1", slowAccept(202)).await().atMost(Duration.ofSeconds(30));

        assertEquals(429, first.status());
        assertEquals(202, second.status());
        assertEquals(2, runs.get());
    }

    @Test
    void aReplicaStartedLaterReplaysTheAnswerFromKafka() {
        String key = "order-" + UUID.randomUUID();
        Answer first = replicas.get(0).execute("web", key, "fp-1", slowAccept(202)).await().atMost(Duration.ofSeconds(30));

        Idempotency later = replica(Duration.ofSeconds(30));
        replicas.add(later);
        Answer replayed = later.execute("web", key, "fp-1", slowAccept(202)).await().atMost(Duration.ofSeconds(30));

        assertEquals(first, replayed);
        assertEquals(1, runs.get());
        assertInstanceOf(IdempotencyStore.KeyReusedException.class,
                failure(later.execute("web", key, "fp-2", slowAccept(202))));
    }

    @Test
    void aClaimWhoseReplicaDiedLapsesAfterTheLease() throws Exception {
        // given a claim that will never be answered (its "replica" stops right after claiming)
        String key = "order-" + UUID.randomUUID();
        String id = IdempotencyLedger.id("web", key);
        Duration lease = Duration.ofSeconds(2);
        try (IdempotencyLedger dead = new IdempotencyLedger(bootstrap, topic(), lease, Duration.ofHours(24), 1000)
                .start(Duration.ofSeconds(30))) {
            assertTrue(dead.claim(id, "fp-1", Duration.ofSeconds(10)).mine());
        }
        Idempotency survivor = replica(lease);
        replicas.add(survivor);

        // when a retry comes, it waits out the lease and then runs the request itself
        long t0 = System.nanoTime();
        Answer a = survivor.execute("web", key, "fp-1", slowAccept(202)).await().atMost(Duration.ofSeconds(30));

        assertEquals(202, a.status());
        assertEquals(1, runs.get());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos());
    }

    private Supplier<Uni<Answer>> slowAccept(int status) {
        return () -> Uni.createFrom().item(() -> {
            int run = runs.incrementAndGet();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Answer(status, "application/json", "{\"run\":" + run + "}", status == 429 ? 1L : null);
        }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    private static Throwable failure(Uni<Answer> call) {
        try {
            call.await().atMost(Duration.ofSeconds(30));
        } catch (CompletionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    private static String topic() {
        return dev.sealedsms.events.Topics.POLICY_IDEMPOTENCY;
    }

    private Idempotency replica(Duration lease) {
        Idempotency r = new Idempotency(config(lease), bootstrap, new BlockingCalls());
        r.start(null);
        return r;
    }

    private static LimitsConfig config(Duration lease) {
        return new LimitsConfig() {
            public int sharePartitions() {
                return 12;
            }

            public String shareGroup() {
                return "unused";
            }

            public boolean createShareTopic() {
                return false;
            }

            public Duration shareWait() {
                return Duration.ofSeconds(1);
            }

            public Duration idempotencyTtl() {
                return Duration.ofHours(24);
            }

            public int idempotencyMaxKeys() {
                return 1000;
            }

            public Duration idempotencyLease() {
                return lease;
            }

            public Duration idempotencyWait() {
                return Duration.ofSeconds(10);
            }

            public int idempotencyPartitions() {
                return 3;
            }

            public boolean createIdempotencyTopic() {
                return true;
            }
        };
    }
}
