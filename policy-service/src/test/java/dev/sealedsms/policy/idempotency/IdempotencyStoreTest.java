package dev.sealedsms.policy.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
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
}
