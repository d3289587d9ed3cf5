package dev.sealedsms.policy.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Per-client sending limits and the settings of the mechanisms that hold them across replicas
 * (see policy-service/DESIGN.md). Separate from {@code sealed.policy.*} on purpose: the client
 * limits are read only through {@link ClientLimits}.
 */
@ConfigMapping(prefix = "sealed.limits")
public interface LimitsConfig {

    /** Limits by client id; a client not listed has no limit. */
    Map<String, Client> clients();

    /**
     * Partitions of {@code sms.policy.shares}. A replica's share of every rate limit is the
     * fraction of these it is assigned; more partitions, finer shares.
     */
    @WithDefault("12")
    int sharePartitions();

    /** Consumer group every replica joins on {@code sms.policy.shares}. */
    @WithDefault("policy-service.shares")
    String shareGroup();

    /**
     * Create {@code sms.policy.shares} at start-up when it is missing. Off in production, where the
     * chart creates topics and the service has no Create permission.
     */
    @WithDefault("false")
    boolean createShareTopic();

    /** How long at most start-up waits for this replica's first share of the rate limits. */
    @WithDefault("PT30S")
    Duration shareWait();

    /** How long an Idempotency-Key is remembered. */
    @WithDefault("PT24H")
    Duration idempotencyTtl();

    /** At most this many Idempotency-Keys are remembered per replica; the oldest go first. */
    @WithDefault("100000")
    int idempotencyMaxKeys();

    interface Client {

        /** Accepted messages per second across all replicas; absent: unlimited. */
        Optional<Double> ratePerSecond();

        /** Accepted messages per UTC day across all replicas; absent: unlimited. */
        Optional<Long> dailyQuota();
    }
}
