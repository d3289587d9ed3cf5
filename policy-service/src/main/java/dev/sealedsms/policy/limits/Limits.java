package dev.sealedsms.policy.limits;

import dev.sealedsms.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The per-client rate limit and daily quota, as one admission step of a submission the policy has
 * approved. Starts {@link RateShares} (group on {@value Topics#POLICY_SHARES}) and
 * {@link DailyQuota} (reads {@value Topics#AUDIT}) with the service and stops them with it.
 */
@ApplicationScoped
public class Limits {

    private static final Logger LOG = Logger.getLogger(Limits.class);

    private final ClientLimits clientLimits;
    private final LimitsConfig config;
    private final String bootstrap;
    private RateShares shares;
    private RateLimiter rate;
    private DailyQuota quota;

    Limits(ClientLimits clientLimits, LimitsConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        if (config.sharePartitions() < 1) {
            throw new IllegalStateException("sealed.limits.share-partitions must be at least 1, was "
                    + config.sharePartitions());
        }
        this.clientLimits = clientLimits;
        this.config = config;
        this.bootstrap = bootstrap;
    }

    void start(@Observes @Priority(5) StartupEvent event) throws InterruptedException {
        if (config.createShareTopic()) {
            RateShares.ensureTopic(bootstrap, Topics.POLICY_SHARES, config.sharePartitions());
        }
        shares = new RateShares(bootstrap, config.shareGroup(), Topics.POLICY_SHARES).start();
        rate = new RateLimiter(clientLimits, shares::share);
        quota = new DailyQuota(bootstrap, clientLimits, Clock.systemUTC()).start(Duration.ofSeconds(60));
        if (!shares.awaitFirstAssignment(config.shareWait())) {
            LOG.warnf("SP0106 no share of the rate limits after %s; rate-limited clients get 429 until one comes",
                    config.shareWait());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (shares != null) {
            shares.close();
        }
        if (quota != null) {
            quota.close();
        }
    }

    /**
     * Admits one approved message of {@code clientId} or refuses it. Quota first, then rate; a quota
     * reservation whose rate is refused is given back. Call {@link #release} if the message is then
     * not accepted.
     */
    public Admission admit(String clientId, String messageId) {
        Admission q = quota.reserve(clientId, messageId);
        if (!q.admitted()) {
            return q;
        }
        Admission r = rate.tryAcquire(clientId);
        if (!r.admitted()) {
            quota.release(clientId, messageId);
        }
        return r;
    }

    /** The message admitted under {@code messageId} was not accepted: its quota reservation goes back. */
    public void release(String clientId, String messageId) {
        quota.release(clientId, messageId);
    }
}
