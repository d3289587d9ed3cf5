package dev.sealedsms.policy.limits;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One client's sending limits; each is optional (absent: no limit of that kind).
 *
 * @param ratePerSecond accepted messages per second, summed over every replica
 * @param dailyQuota    accepted messages per UTC day, summed over every replica
 */
public record Limit(OptionalDouble ratePerSecond, OptionalLong dailyQuota) {

    public static Limit of(Double ratePerSecond, Long dailyQuota) {
        return new Limit(ratePerSecond == null ? OptionalDouble.empty() : OptionalDouble.of(ratePerSecond),
                dailyQuota == null ? OptionalLong.empty() : OptionalLong.of(dailyQuota));
    }
}
