package dev.sealedsms.policy.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Keys, fingerprints, expiry and bounds of the per-replica Idempotency-Key memory. */
class IdempotencyStoreTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger runs = new AtomicInteger();
    private final IdempotencyStore store = new IdempotencyStore(Duration.ofHours(24), 3, nanos::get);

    @Test
    void aRepeatWithTheSameFingerprintGetsTheFirstResultWithoutRunningAgain() {
        assertEquals(1, run("c", "k", "f", true));
        assertEquals(1, run("c", "k", "f", true));
        assertEquals(1, runs.get());
    }

    @Test
    void aRepeatWithAnotherFingerprintIsRefused() {
        run("c", "k", "f", true);

        assertThrows(IdempotencyStore.KeyReusedException.class, () -> run("c", "k", "other", true));
    }

    @Test
    void keysAreScopedPerClient() {
        run("a", "k", "f", true);
        run("b", "k", "other", true);

        assertEquals(2, runs.get());
        assertNotEquals(IdempotencyStore.messageId("a", "k", ""), IdempotencyStore.messageId("b", "k", ""));
        assertEquals(IdempotencyStore.messageId("a", "k", ""), IdempotencyStore.messageId("a", "k", ""));
    }

    @Test
    void aCallerThatGoesAwayLeavesTheResultToThoseWaitingAndToLaterRetries() throws Exception {
        // given a first call still running and a retry sharing its execution
        CompletableFuture<Integer> running = new CompletableFuture<>();
        Uni<Integer> first = store.execute("c", "k", "f", () -> {
            runs.incrementAndGet();
            return Uni.createFrom().completionStage(running);
        }, r -> true);
        Cancellable gone = first.subscribe().with(r -> { });
        CompletableFuture<Integer> waiting = store.execute("c", "k", "f", this::unexpected, r -> true)
                .subscribeAsCompletionStage();

        // when the first caller goes away (its client timed out) and the execution then finishes
        gone.cancel();
        running.complete(7);

        // then the waiting retry and a later one get its result, and nothing ran twice
        assertEquals(7, waiting.get(5, TimeUnit.SECONDS));
        assertEquals(7, store.execute("c", "k", "f", this::unexpected, r -> true).await().atMost(Duration.ofSeconds(5)));
        assertEquals(1, runs.get());
    }

    @Test
    void aResultThatIsNotFinalIsForgottenSoARetryRunsAgain() {
        run("c", "k", "f", false);
        run("c", "k", "f", false);

        assertEquals(2, runs.get());
    }

    @Test
    void keysExpireAfterTheirTimeToLive() {
        run("c", "k", "f", true);
        nanos.addAndGet(Duration.ofHours(24).toNanos() + 1);

        run("c", "k", "other", true);

        assertEquals(2, runs.get());
    }

    @Test
    void theOldestKeysGoFirstBeyondTheBound() {
        for (String k : new String[] {"k1", "k2", "k3", "k4"}) {
            run("c", k, "f", true);
        }

        assertTrue(store.size() <= 3);
        run("c", "k1", "other", true); // k1 was dropped: no conflict, runs anew
        assertEquals(5, runs.get());
    }

    @Test
    void onlyVisibleAsciiKeysUpTo255Characters() {
        assertTrue(IdempotencyStore.isValidKey("a-Key_1:2"));
        assertFalse(IdempotencyStore.isValidKey(""));
        assertFalse(IdempotencyStore.isValidKey("has space"));
        assertFalse(IdempotencyStore.isValidKey("é"));
        assertFalse(IdempotencyStore.isValidKey("x".repeat(256)));
    }

    private int run(String client, String key, String fingerprint, boolean isFinal) {
        return store.execute(client, key, fingerprint, () -> Uni.createFrom().item(runs.incrementAndGet()),
                r -> isFinal).await().atMost(Duration.ofSeconds(5));
    }

    private Uni<Integer> unexpected() {
        throw new AssertionError("a request sharing an execution must not run it again");
    }
}
