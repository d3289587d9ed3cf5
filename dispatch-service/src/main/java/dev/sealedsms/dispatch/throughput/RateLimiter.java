package dev.sealedsms.dispatch.throughput;

import java.util.function.IntSupplier;

/**
 * Paces one carrier's submits in this replica at {@code carrierTps / replicas} per second, where
 * {@code replicas} is the live membership of dispatch's consumer group ({@link ReplicaCount}), so
 * the replicas together hold the carrier's limit. {@link #reserve()} never waits: it books the next
 * free slot and says how long until it comes, and the caller schedules the send for then.
 *
 * <p>Adaptive: a carrier that answers {@code ESME_RTHROTTLED} is taking less than its configured
 * rate right now, so {@link #throttled()} cuts the rate to 70 % (at most once per
 * {@link #CUT_EVERY_NANOS}, since one overload throttles a whole window at once), and it grows
 * back by 10 % of the configured rate per second without throttling (AIMD, as TCP does).
 */
public final class RateLimiter {

    /** One overload answers a whole window with 0x58; it is one signal, not 64. */
    static final long CUT_EVERY_NANOS = 200_000_000L;
    private static final double CUT = 0.7;
    private static final double GROWTH_PER_SECOND = 0.1;

    private final int carrierTps;
    private final IntSupplier replicas;
    private long nextFree = System.nanoTime();
    private double tps;
    private long lastCut = System.nanoTime() - CUT_EVERY_NANOS;
    private long lastGrowth = System.nanoTime();

    /** @param carrierTps messages per second for all replicas together; 0 = unlimited */
    public RateLimiter(int carrierTps, IntSupplier replicas) {
        this.carrierTps = carrierTps;
        this.replicas = replicas;
        this.tps = carrierTps;
    }

    /** Nanoseconds until the booked slot; 0 = send now. */
    public synchronized long reserve() {
        if (carrierTps <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        grow(now);
        long interval = (long) (1e9 * Math.max(1, replicas.getAsInt()) / tps);
        // No credit for idle time beyond one interval: bursts stay within the limit.
        long slot = Math.max(nextFree, now - interval);
        nextFree = slot + interval;
        return Math.max(0, slot - now);
    }

    /** The carrier answered ESME_RTHROTTLED: slow down. Returns whether the rate was cut. */
    public synchronized boolean throttled() {
        long now = System.nanoTime();
        if (carrierTps <= 0 || now - lastCut < CUT_EVERY_NANOS) {
            return false;
        }
        grow(now);
        tps = Math.max(1, tps * CUT);
        lastCut = now;
        lastGrowth = now;
        return true;
    }

    private void grow(long now) {
        if (tps < carrierTps) {
            tps = Math.min(carrierTps, tps + carrierTps * GROWTH_PER_SECOND * (now - lastGrowth) / 1e9);
        }
        lastGrowth = now;
    }

    /** The rate this replica's share of the carrier is paced at now (all replicas: times their count). */
    public synchronized double currentTps() {
        if (carrierTps <= 0) {
            return 0;
        }
        grow(System.nanoTime());
        return tps;
    }

    public boolean limited() {
        return carrierTps > 0;
    }
}
