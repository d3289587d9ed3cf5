package dev.sealedsms.envelope;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter, for retrying outages (Vault, a carrier bind) without
 * every replica hammering the recovering server in step.
 */
public record Backoff(Duration initial, Duration max) {

    /** The delay before retry number {@code attempt} (1-based): random in [0, min(max, initial * 2^(attempt-1))]. */
    public Duration delay(int attempt) {
        long cap = max.toMillis();
        long exp = initial.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long bound = Math.max(1, Math.min(cap, exp));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
    }

    /** Sleeps for {@link #delay}; an interrupt ends the wait and is kept on the thread. */
    public void pause(int attempt) {
        try {
            Thread.sleep(delay(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
