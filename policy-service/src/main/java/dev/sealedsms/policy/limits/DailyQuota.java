package dev.sealedsms.policy.limits;

import dev.sealedsms.events.AuditRecord;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.kafka.TopicFollower;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Per-client daily quotas (UTC day), held across replicas by counting in Kafka. Every replica reads
 * all of {@value Topics#AUDIT} (assigned, no group) from the start of the UTC day and counts each
 * client's APPROVED decisions; it admits a message while
 * {@code observed + its own admitted-but-not-yet-observed < quota}. Its own admissions leave the
 * pending set when their audit record comes back, so nothing is counted twice; one released
 * because the message was not accepted after all ({@link #release}) never counted. Another
 * replica's admissions are invisible until their audit records arrive: the overshoot is bounded by
 * what the fleet accepts within that lag (DESIGN.md). Topic in: {@value Topics#AUDIT}.
 *
 * <p>Plain Java, no CDI. {@link #start} returns once the day so far has been read.
 */
public final class DailyQuota implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DailyQuota.class);

    private final ClientLimits limits;
    private final Clock clock;
    private final TopicFollower follower;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;
    private LocalDate day;

    /** One client's count for {@link #day}. Guarded by itself. */
    private static final class Count {
        long observed;
        final Set<String> pending = new HashSet<>();
    }

    public DailyQuota(String bootstrapServers, ClientLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.day = today();
        follower = new TopicFollower(bootstrapServers, Topics.AUDIT, "daily quota", this::apply);
    }

    /** Reads the audit topic from the start of today (UTC) up to its end, then follows it. */
    public DailyQuota start(Duration maxCatchUp) {
        // The day so far before admitting anything: a fresh replica must not start at zero.
        follower.start(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(), maxCatchUp);
        caughtUp = true;
        LOG.infof("SP0111 daily quota counts loaded for %s from %s", day, Topics.AUDIT);
        return this;
    }

    /**
     * Reserves one of the client's messages for today under {@code messageId}, or refuses with
     * {@code QUOTA_EXCEEDED}. A reservation counts until its audit record is read or it is released.
     */
    public Admission reserve(String clientId, String messageId) {
        OptionalLong quota = limits.forClient(clientId).map(Limit::dailyQuota).orElse(OptionalLong.empty());
        if (quota.isEmpty()) {
            return Admission.ADMITTED;
        }
        if (!caughtUp) {
            throw new IllegalStateException("daily quota not loaded yet");
        }
        rollIfNewDay();
        Count c = counts.computeIfAbsent(clientId, id -> new Count());
        synchronized (c) {
            if (c.observed + c.pending.size() >= quota.getAsLong()) {
                return Admission.quotaExceeded(untilMidnight());
            }
            c.pending.add(messageId);
            return Admission.ADMITTED;
        }
    }

    /** Gives back a reservation whose message was not accepted after all. */
    public void release(String clientId, String messageId) {
        Count c = counts.get(clientId);
        if (c != null) {
            synchronized (c) {
                c.pending.remove(messageId);
            }
        }
    }

    /** Today's accepted messages of the client as this replica sees them (observed + its own pending). */
    public long used(String clientId) {
        rollIfNewDay();
        Count c = counts.get(clientId);
        if (c == null) {
            return 0;
        }
        synchronized (c) {
            return c.observed + c.pending.size();
        }
    }

    private void apply(Iterable<ConsumerRecord<String, byte[]>> records) {
        rollIfNewDay();
        for (ConsumerRecord<String, byte[]> r : records) {
            AuditRecord a;
            try {
                a = EventJson.read(r.value(), AuditRecord.class);
            } catch (RuntimeException e) {
                LOG.warnf("SP0114 unreadable audit record at %s-%d@%d skipped (%s)", r.topic(), r.partition(),
                        r.offset(), e.getClass().getSimpleName());
                continue;
            }
            if (!AuditRecord.APPROVED.equals(a.outcome()) || a.clientId() == null || a.decidedAt() == null
                    || !dayOf(a.decidedAt()).equals(currentDay())) {
                // Every client is counted, quota or not: a policy reload may give it one mid-day.
                continue;
            }
            Count c = counts.computeIfAbsent(a.clientId(), id -> new Count());
            synchronized (c) {
                c.pending.remove(a.messageId());
                c.observed++;
            }
        }
    }

    private synchronized LocalDate currentDay() {
        return day;
    }

    private synchronized void rollIfNewDay() {
        LocalDate now = today();
        if (now.isAfter(day)) {
            day = now;
            counts.clear();
            LOG.infof("SP0115 daily quotas reset for %s", now);
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private Duration untilMidnight() {
        Instant now = clock.instant();
        Instant midnight = today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Duration.ofSeconds(Math.max(1, TimeUnit.MILLISECONDS.toSeconds(midnight.toEpochMilli()
                - now.toEpochMilli())));
    }

    @Override
    public void close() {
        follower.close();
    }
}
