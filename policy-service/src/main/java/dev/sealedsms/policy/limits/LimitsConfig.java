package dev.sealedsms.policy.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Service settings of the mechanisms that hold the per-client limits across replicas (see
 * policy-service/DESIGN.md). The limits themselves are in the policy document
 * ({@code ratePerSecond}, {@code dailyQuota} per client) and are read only through {@link ClientLimits}.
 */
@ConfigMapping(prefix = "sealed.limits")
public interface LimitsConfig {

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
     * Create {@code sms.policy.shares} at start-up when it is missing, with {@code share-partitions}
     * partitions (a broker's auto-created topic would have one, and one replica all of every limit).
     * Where the service may not create topics (the chart's ACLs), the chart's topic is used.
     */
    @WithDefault("true")
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

    /**
     * How long a replica's claim on an Idempotency-Key holds without an answer. Longer than any
     * submission takes; after it (the replica died), another replica may claim the key.
     */
    @WithDefault("PT30S")
    Duration idempotencyLease();

    /** How long a request waits for the idempotency ledger (its claim, or another replica's answer) before 503. */
    @WithDefault("PT10S")
    Duration idempotencyWait();

    /** Partitions of {@code sms.policy.idempotency} when this service creates it. */
    @WithDefault("6")
    int idempotencyPartitions();

    /**
     * Create {@code sms.policy.idempotency} at start-up when it is missing. Where the service may
     * not create topics (the chart's ACLs), the topic is the chart's and is used as it is.
     */
    @WithDefault("true")
    boolean createIdempotencyTopic();
}
