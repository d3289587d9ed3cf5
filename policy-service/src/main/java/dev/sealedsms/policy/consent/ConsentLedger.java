package dev.sealedsms.policy.consent;

import dev.sealedsms.events.Consent;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.OptOut;
import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.kafka.TopicFollower;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * This replica's copy of the consent ledger. Topic in: {@value Topics#OPTOUTS} (compacted, key =
 * {@link OptOut#key()}). Every replica reads all partitions by assignment (no consumer group, no
 * committed offsets) from the beginning and keeps the latest {@link Consent} per key; a tombstone
 * forgets the key. Records of one key are on one partition, so "latest" is partition order.
 *
 * <p>Plain Java, no CDI. {@link #start} returns once everything on the topic at start-up has been
 * read; the service takes no traffic before that. Another writer's change becomes visible here
 * after the topic's produce-to-consume lag (DESIGN.md: "Consent across replicas").
 */
public final class ConsentLedger implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConsentLedger.class);

    private final String topic;
    private final TopicFollower follower;
    private final Map<String, Consent> latest = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    private final Duration staleAfter;

    public ConsentLedger(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, Duration.ofSeconds(30));
    }

    public ConsentLedger(String bootstrapServers, String topic, Duration staleAfter) {
        this.topic = topic;
        this.staleAfter = staleAfter;
        follower = new TopicFollower(bootstrapServers, topic, "consent ledger", this::apply);
    }

    /** Reads the whole ledger (from the beginning up to the end offsets seen now), then follows it. */
    public ConsentLedger start(Duration maxCatchUp) {
        // The whole ledger before any decision: a fresh replica must not send to someone who said STOP.
        follower.start(null, maxCatchUp);
        loaded = true;
        LOG.infof("SP0201 consent ledger loaded from %s: %d recipients with a recorded consent", topic, latest.size());
        return this;
    }

    /**
     * True once the ledger as of start-up has been read, while the reader keeps running, and while
     * it keeps up: at most a few records behind the end of the topic within {@code staleAfter}.
     */
    public boolean ready() {
        // A reader that stopped, or fell behind (a partition it cannot fetch), leaves stale consent,
        // which must not pass for current: readiness goes DOWN and decisions answer 503.
        return loaded && !follower.failed() && follower.caughtUpWithin(staleAfter);
    }

    /** Records of {@code sms.optouts} not yet applied, at the last check. */
    public long lag() {
        return follower.lag();
    }

    /**
     * The latest consent recorded for {@code tenant} and {@code recipientToken}, or null when none.
     *
     * @throws ConsentUnavailableException before the ledger is loaded or after its reader failed
     */
    public Consent consent(String tenant, String recipientToken) {
        if (!ready()) {
            throw new ConsentUnavailableException("consent ledger " + (loaded ? "reader stopped" : "not loaded yet"),
                    null);
        }
        return latest.get(OptOut.key(tenant, recipientToken));
    }

    /** Keys with a recorded consent, for tests and metrics. */
    public int size() {
        return latest.size();
    }

    private void apply(Iterable<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.key() == null) {
                LOG.warnf("SP0204 consent record without key at %s-%d@%d skipped", r.topic(), r.partition(), r.offset());
                continue;
            }
            if (r.value() == null) {
                latest.remove(r.key());
                continue;
            }
            OptOut o;
            try {
                o = EventJson.read(r.value(), OptOut.class);
            } catch (RuntimeException e) {
                LOG.warnf("SP0204 unreadable consent record at %s-%d@%d skipped (%s)", r.topic(), r.partition(),
                        r.offset(), e.getClass().getSimpleName());
                continue;
            }
            if (o.consent() == null || o.tenant() == null || o.recipientToken() == null) {
                LOG.warnf("SP0204 incomplete consent record at %s-%d@%d skipped", r.topic(), r.partition(), r.offset());
                continue;
            }
            // Keyed by the event's own tenant and token, so a mis-keyed record cannot land on another's entry.
            latest.put(o.key(), o.consent());
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
