package dev.sealedsms.policy.limits;

/**
 * A token bucket whose rate may change at any time (when this replica's share changes). Holds at
 * most {@link #BURST_SECONDS} of tokens, at least one: a replica never runs ahead of its rate by
 * more than a second's worth, and a request stream with gaps (a loaded machine, a client that
 * pauses) loses no tokens in gaps shorter than that. With a tenth of a second, two replicas on a
 * loaded 2-core machine admitted 10 % under the limit ({@code PolicyReplicasIT}). Thread-safe.
 */
final class TokenBucket {

    static final double BURST_SECONDS = 1.0;

    private double tokens;
    private long lastNanos;

    TokenBucket(long nowNanos) {
        this.lastNanos = nowNanos;
        this.tokens = 1;
    }

    /**
     * Takes one token at {@code ratePerSecond}; returns 0 when taken, else the nanoseconds until one
     * would be there at this rate ({@link Long#MAX_VALUE} when the rate is 0).
     */
    synchronized long tryTake(double ratePerSecond, long nowNanos) {
        double capacity = Math.max(1.0, ratePerSecond * BURST_SECONDS);
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = Math.max(lastNanos, nowNanos);
        tokens = Math.min(capacity, tokens + elapsed * ratePerSecond / 1e9);
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return 0;
        }
        if (ratePerSecond <= 0) {
            return Long.MAX_VALUE;
        }
        return (long) Math.ceil((1.0 - tokens) / ratePerSecond * 1e9);
    }
}
