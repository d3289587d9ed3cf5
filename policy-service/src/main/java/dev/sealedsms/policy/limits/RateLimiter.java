package dev.sealedsms.policy.limits;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Per-client messages-per-second limits, held across replicas by splitting each limit: this
 * replica admits at {@code limit × share}, where the share comes from {@link RateShares}, with one
 * {@link TokenBucket} per client. Plain Java, thread-safe.
 */
public final class RateLimiter {

    private final ClientLimits limits;
    private final DoubleSupplier share;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(ClientLimits limits, DoubleSupplier share) {
        this(limits, share, System::nanoTime);
    }

    RateLimiter(ClientLimits limits, DoubleSupplier share, LongSupplier nanoClock) {
        this.limits = limits;
        this.share = share;
        this.nanoClock = nanoClock;
    }

    /** Takes one message's worth of the client's rate, or says when to retry. */
    public Admission tryAcquire(String clientId) {
        OptionalDouble rate = limits.forClient(clientId).map(Limit::ratePerSecond).orElse(OptionalDouble.empty());
        if (rate.isEmpty()) {
            return Admission.ADMITTED;
        }
        double local = rate.getAsDouble() * share.getAsDouble();
        if (local <= 0) {
            // No share (not in the group yet, or between owners): others hold the whole limit.
            return Admission.rateLimited(Duration.ofSeconds(1));
        }
        long now = nanoClock.getAsLong();
        long wait = buckets.computeIfAbsent(clientId, id -> new TokenBucket(now)).tryTake(local, now);
        if (wait == 0) {
            return Admission.ADMITTED;
        }
        return Admission.rateLimited(Duration.ofSeconds(Math.max(1, (long) Math.ceil(wait / 1e9))));
    }
}
