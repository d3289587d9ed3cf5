package dev.sealedsms.policy.limits;

import dev.sealedsms.policy.rules.Reason;
import java.time.Duration;

/**
 * A limiter's answer for one message: admitted, or refused with {@link Reason#RATE_LIMITED} or
 * {@link Reason#QUOTA_EXCEEDED} and when a retry may succeed.
 */
public record Admission(Reason refusal, String detail, Duration retryAfter) {

    public static final Admission ADMITTED = new Admission(null, null, Duration.ZERO);

    public boolean admitted() {
        return refusal == null;
    }

    static Admission rateLimited(Duration retryAfter) {
        return new Admission(Reason.RATE_LIMITED, "over the client's messages-per-second limit", retryAfter);
    }

    static Admission quotaExceeded(Duration retryAfter) {
        return new Admission(Reason.QUOTA_EXCEEDED, "the client's daily quota is used up until 00:00 UTC",
                retryAfter);
    }
}
