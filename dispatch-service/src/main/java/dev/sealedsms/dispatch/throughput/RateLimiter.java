package dev.sealedsms.dispatch.throughput;

import java.util.function.IntSupplier;

/**
 * Paces one carrier's submits in this replica at {@code carrierTps / replicas} per second, where
 * {@code replicas} is the live membership of dispatch's consumer group ({@link ReplicaCount}), so
 * the replicas together hold the carrier's limit. {@link #reserve()} never waits: it books the next
 * free slot and says how long until it comes, and the caller schedules the send for then.
 */
public final class RateLimiter {

    private final int carrierTps;
    private final IntSupplier replicas;
    private long nextFree = System.nanoTime();

    /** @param carrierTps messages per second for all replicas together; 0 = unlimited */
    public RateLimiter(int carrierTps, IntSupplier replicas) {
        this.carrierTps = carrierTps;
        this.replicas = replicas;
    }

    /** Nanoseconds until the booked slot; 0 = send now. */
    public synchronized long reserve() {
        if (carrierTps <= 0) {
            return 0;
        }
        long interval = 1_000_000_000L * Math.max(1, replicas.getAsInt()) / carrierTps;
        long now = System.nanoTime();
        // No credit for idle time beyond one interval: bursts stay within the limit.
        long slot = Math.max(nextFree, now - interval);
        nextFree = slot + interval;
        return Math.max(0, slot - now);
    }

    public boolean limited() {
        return carrierTps > 0;
    }
}
