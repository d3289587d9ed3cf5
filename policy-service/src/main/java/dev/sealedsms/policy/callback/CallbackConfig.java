package dev.sealedsms.policy.callback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Status callbacks: signing, delivery, retries and which URLs may be registered (DESIGN.md: "Status callbacks"). */
@ConfigMapping(prefix = "sealed.callbacks")
public interface CallbackConfig {

    /**
     * Master key from which every client's signing secret is derived (HMAC-SHA256 over client id and
     * registration id), at least 32 characters. From a Kubernetes Secret; never in the source tree
     * outside %dev/%test. Changing it changes every client's secret: clients must register again.
     */
    String signingKey();

    /** Consumer group that delivers: each receipt is delivered by one replica. */
    @WithDefault("policy-service.callbacks")
    String group();

    /**
     * Create the two callback topics at start-up when missing; where the service may not create
     * topics (the chart's ACLs), they are the chart's and are used as they are.
     */
    @WithDefault("true")
    boolean createTopics();

    /** One attempt's limit: connect plus response. Longer counts as a failure (TIMEOUT) and is retried. */
    @WithDefault("PT10S")
    Duration timeout();

    /** Requests in flight at once per client; a client's other callbacks wait in its own queue. */
    @WithDefault("4")
    int perClientConcurrency();

    /** Callbacks waiting in memory per client; beyond it new ones go straight to the retry topic. */
    @WithDefault("1000")
    int perClientQueue();

    /** Delay before the first retry; doubled for each further one, with jitter. */
    @WithDefault("PT10S")
    Duration retryInitial();

    /** The longest delay between two attempts. */
    @WithDefault("PT1H")
    Duration retryMax();

    /** A callback still failing this long after its first attempt is abandoned (recorded, not retried). */
    @WithDefault("PT24H")
    Duration giveUpAfter();

    /** Retries held in memory per replica awaiting their time; beyond it the retry topic is paused. */
    @WithDefault("100000")
    int maxScheduled();

    /**
     * Hosts exempt from the URL rules (https only, no private, loopback or link-local address):
     * for local runs and tests only, e.g. {@code 127.0.0.1}. Empty in production.
     */
    Optional<List<String>> insecureHosts();

    /** Allow callback hosts that resolve to private (RFC 1918, ULA, CGNAT) addresses, e.g. inside a VPC. */
    @WithDefault("false")
    boolean allowPrivateNetworks();

    /** How long start-up may take to read the registrations. */
    @WithDefault("PT60S")
    Duration loadTimeout();
}
