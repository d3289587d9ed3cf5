package dev.sealedsms.policy.idempotency;

import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.idempotency.IdempotencyLedger.Answer;
import dev.sealedsms.policy.idempotency.IdempotencyLedger.Claimed;
import dev.sealedsms.policy.idempotency.IdempotencyLedger.Slot;
import dev.sealedsms.policy.limits.LimitsConfig;
import dev.sealedsms.policy.limits.RateShares;
import dev.sealedsms.policy.vertx.BlockingCalls;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Idempotency-Key handling across replicas: concurrent requests on this replica share one
 * execution ({@link IdempotencyStore}); the first of them then claims the key in the
 * {@link IdempotencyLedger} shared by all replicas, so a retry that lands on another replica gets
 * the first answer (same request) or 409 (another request), and never a second message.
 *
 * <p>The ledger's waits run on {@link BlockingCalls} threads; the action, and the answer to every
 * caller (the first and those that share its execution), run on that caller's own Vert.x context.
 */
@ApplicationScoped
public class Idempotency {

    private static final Logger LOG = Logger.getLogger(Idempotency.class);
    private static final int MAX_CLAIMS = 3;

    private final IdempotencyStore local;
    private final LimitsConfig config;
    private final String bootstrap;
    private final BlockingCalls blocking;
    private volatile IdempotencyLedger ledger;

    /** The shared ledger could not decide in time: nothing was done, a retry is safe (503). */
    public static final class LedgerUnavailableException extends RuntimeException {
        LedgerUnavailableException(String why) {
            super(why, null, false, false);
        }
    }

    Idempotency(LimitsConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            BlockingCalls blocking) {
        if (config.idempotencyMaxKeys() < 1) {
            throw new IllegalStateException("sealed.limits.idempotency-max-keys must be at least 1, was "
                    + config.idempotencyMaxKeys());
        }
        this.config = config;
        this.bootstrap = bootstrap;
        this.blocking = blocking;
        this.local = new IdempotencyStore(config.idempotencyTtl(), config.idempotencyMaxKeys());
    }

    void start(@Observes @Priority(6) StartupEvent event) {
        if (config.createIdempotencyTopic()) {
            RateShares.ensureTopic(bootstrap, Topics.POLICY_IDEMPOTENCY, config.idempotencyPartitions());
        }
        ledger = new IdempotencyLedger(bootstrap, Topics.POLICY_IDEMPOTENCY, config.idempotencyLease(),
                config.idempotencyTtl(), config.idempotencyMaxKeys()).start(Duration.ofSeconds(60));
    }

    void stop(@Observes ShutdownEvent event) {
        if (ledger != null) {
            ledger.close();
        }
    }

    /** False when the shared ledger no longer advances. */
    public boolean ready() {
        IdempotencyLedger l = ledger;
        return l != null && l.healthy();
    }

    /** True when {@code a} may be replayed for the key's lifetime: a 429 or 503 is decided anew. */
    public static boolean isFinal(Answer a) {
        return a.status() != 429 && a.status() != 503;
    }

    /**
     * Runs {@code action} at most once for ({@code client}, {@code key}) across all replicas; a
     * repeat with the same fingerprint gets the same answer, with another fails with
     * {@link IdempotencyStore.KeyReusedException}; {@link LedgerUnavailableException} when the
     * ledger cannot decide.
     */
    public Uni<Answer> execute(String client, String key, String fingerprint, Supplier<Uni<Answer>> action) {
        String id = IdempotencyLedger.id(client, key);
        // A request sharing another's execution is answered on its own context, not on the thread
        // (another request's event loop) that finished the execution.
        return BlockingCalls.onCallerContext(local.execute(client, key, fingerprint,
                () -> acrossReplicas(id, fingerprint, action), Idempotency::isFinal));
    }

    private Uni<Answer> acrossReplicas(String id, String fingerprint, Supplier<Uni<Answer>> action) {
        return blocking.call(() -> claim(id, fingerprint))
                .chain(step -> step.replay() != null ? Uni.createFrom().item(step.replay())
                        : action.get().call(answer -> blocking.call(() -> settle(id, step.claim(), fingerprint,
                                answer))));
    }

    /** What to do with a key: run it under {@code claim}, or {@code replay} an answer. */
    private record Step(String claim, Answer replay) {
    }

    /** Blocking: claims the key or waits for its holder's answer. */
    private Step claim(String id, String fingerprint) {
        Duration wait = config.idempotencyWait();
        try {
            for (int attempt = 0; attempt < MAX_CLAIMS; attempt++) {
                Claimed c = ledger.claim(id, fingerprint, wait);
                if (!c.slot().fingerprint().equals(fingerprint)) {
                    throw new IdempotencyStore.KeyReusedException();
                }
                if (c.mine()) {
                    return new Step(c.slot().claim(), null);
                }
                if (c.slot().answer() != null) {
                    return new Step(null, c.slot().answer());
                }
                Slot answered = ledger.awaitAnswer(id, c.slot().claim(), wait);
                if (answered != null) {
                    return new Step(null, answered.answer());
                }
                // Released (not final) or lapsed: claim again.
            }
            throw new LedgerUnavailableException("the key changed hands " + MAX_CLAIMS + " times");
        } catch (TimeoutException e) {
            throw new LedgerUnavailableException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("interrupted");
        }
    }

    /**
     * Blocking: records the winner's answer (or gives the key up when it is not final). A failed
     * write does not change the client's answer; the claim then lapses after the lease.
     */
    private Void settle(String id, String claim, String fingerprint, Answer answer) {
        Duration wait = config.idempotencyWait();
        try {
            if (isFinal(answer)) {
                ledger.answer(id, claim, fingerprint, answer, wait);
            } else {
                ledger.release(id, claim, wait);
            }
        } catch (TimeoutException e) {
            LOG.warnf("SP0503 idempotency ledger: answer not recorded (%s); the claim lapses after %s", e.getMessage(),
                    config.idempotencyLease());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
