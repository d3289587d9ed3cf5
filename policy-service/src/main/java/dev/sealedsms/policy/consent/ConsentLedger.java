package dev.sealedsms.policy.consent;

import dev.sealedsms.events.Consent;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.MalformedEventException;
import dev.sealedsms.events.OptOut;
import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.kafka.TopicFollower;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * This replica's copy of the consent ledger. Topic in: {@value Topics#OPTOUTS} (compacted, key =
 * {@link OptOut#key()}). Every replica reads all partitions by assignment (no consumer group, no
 * committed offsets) from the beginning and keeps, per key, the {@link Consent} of the event with
 * the latest {@code occurredAt} (ties: the later record). A record is applied only when its key
 * agrees with its value, it is complete and strictly parsed, and it is dated at most
 * {@link #MAX_FUTURE} ahead; a tombstone changes nothing. Skipped records are logged ({@code SP0204},
 * offsets only) and counted ({@link #skipped()}).
 *
 * <p>Plain Java, no CDI. {@link #start} returns once everything on the topic at start-up has been
 * read; the service takes no traffic before that. Another writer's change becomes visible here
 * after the topic's produce-to-consume lag (DESIGN.md: "Consent across replicas").
 */
public final class ConsentLedger implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConsentLedger.class);

    private final String topic;
    private final TopicFollower follower;
    /** Events dated further ahead than this are refused: a clock skew, or a forged record that would win every later change. */
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private final Map<String, Entry> latest = new ConcurrentHashMap<>();
    private final AtomicLong skipped = new AtomicLong();
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
        Entry e = latest.get(OptOut.key(tenant, recipientToken));
        return e == null ? null : e.consent();
    }

    /** Keys with a recorded consent, for tests and metrics. */
    public int size() {
        return latest.size();
    }

    private void apply(Iterable<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            String refused = applyOne(r);
            if (refused != null) {
                skipped.incrementAndGet();
                LOG.warnf("SP0204 consent record at %s-%d@%d skipped: %s", r.topic(), r.partition(), r.offset(), refused);
            }
        }
    }

    /**
     * Applies one record; answers why it was not applied, or null. Consent is ordered by the
     * event's own time, not by arrival: a late or replayed OPTED_IN dated before the STOP must not
     * re-subscribe the number (issue 22, point 6).
     */
    private String applyOne(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return "no key";
        }
        if (r.value() == null) {
            // A tombstone would forget a STOP; compaction of the topic is not a consent change.
            return "a tombstone changes no consent";
        }
        OptOut o;
        try {
            o = EventJson.read(r.value(), OptOut.class);
        } catch (RuntimeException e) {
            return e instanceof MalformedEventException ? e.getMessage() : e.getClass().getSimpleName();
        }
        if (o.schemaVersion() != OptOut.SCHEMA_VERSION || o.consent() == null || o.tenant() == null
                || o.recipientToken() == null || o.occurredAt() == null || o.tenant().isEmpty()
                || o.recipientToken().isEmpty()) {
            return "incomplete or unknown version";
        }
        if (!r.key().equals(o.key())) {
            // The key places the record (partition, compaction); one that disagrees with its value is forged or broken.
            return "the key does not agree with the tenant and token of the value";
        }
        if (o.occurredAt().isAfter(Instant.now().plus(MAX_FUTURE))) {
            return "dated more than " + MAX_FUTURE.toMinutes() + " minutes in the future";
        }
        String[] outcome = new String[1];
        latest.compute(o.key(), (k, current) -> {
            if (current != null && o.occurredAt().isBefore(current.occurredAt())) {
                outcome[0] = "older than the consent it would replace";
                return current;
            }
            return new Entry(o.consent(), o.occurredAt());
        });
        return outcome[0];
    }

    /** Records not applied (unreadable, mis-keyed, out of order, future-dated, tombstones), since start. */
    public long skipped() {
        return skipped.get();
    }

    /** The latest consent of one key and the time its event happened. */
    private record Entry(Consent consent, Instant occurredAt) {
    }

    @Override
    public void close() {
        follower.close();
    }
}
