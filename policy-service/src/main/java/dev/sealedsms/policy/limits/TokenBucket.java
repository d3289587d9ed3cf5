package dev.sealedsms.policy.limits;

/**
 * A token bucket whose rate may change at any time (when this replica's share changes). Holds at
 * most {@link #BURST_SECONDS} of tokens, at least one, so a replica never runs ahead of its rate by
 * more than a tenth of a second's worth. Thread-safe.
 */
final class TokenBucket {

    static final double BURST_SECONDS = 0.1;

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
