package dev.sealedsms.policy.status;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.kafka.TopicFollower;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * This replica's status view: every message's lifecycle folded from {@value Topics#RECEIPTS}.
 * Topic in: {@code sms.receipts}, every partition by assignment (no consumer group, no committed
 * offsets), from {@code now - window} on; nothing is written. Every replica builds the same view
 * from the same records, so any replica answers any status request, and a restarted one rebuilds it
 * before it is ready (DESIGN.md: "Status view").
 *
 * <p>Bounded: a message is dropped once its first receipt is older than the window, and beyond
 * {@code maxMessages} the message seen first is dropped first. Plain Java, no CDI.
 */
public final class StatusLedger implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatusLedger.class);

    private final String topic;
    private final Duration window;
    private final int maxMessages;
    private final Clock clock;
    private final TopicFollower follower;
    private final Admin admin;
    /** Insertion order = first seen, so the head is always the next to leave the window. */
    private final LinkedHashMap<String, Lifecycle> messages = new LinkedHashMap<>();
    private final Lifecycle.Strings strings = new Lifecycle.Strings();
    private volatile boolean loaded;
    private long skipped;

    public StatusLedger(String bootstrapServers, String topic, Duration window, int maxMessages, Clock clock) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("sealed.status.max-messages must be at least 1, was " + maxMessages);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("sealed.status.window must be positive, was " + window);
        }
        this.topic = topic;
        this.window = window;
        this.maxMessages = maxMessages;
        this.clock = clock;
        follower = new TopicFollower(bootstrapServers, topic, "status view", this::apply);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "policy-status-view-admin-" + Long.toHexString(System.nanoTime())));
    }

    /** Reads the window of receipts up to the end offsets seen now, then follows the topic. */
    public StatusLedger start(Duration maxCatchUp) {
        long started = System.nanoTime();
        follower.start(clock.millis() - window.toMillis(), maxCatchUp);
        loaded = true;
        LOG.infof("SP0501 status view loaded from %s in %d ms: %d messages within %s", topic,
                (System.nanoTime() - started) / 1_000_000, size(), window);
        return this;
    }

    /** True once the window as of start-up has been read, and while the reader keeps running. */
    public boolean ready() {
        return loaded && !follower.failed();
    }

    /**
     * The lifecycle of {@code messageId} if it belongs to {@code tenant}; empty when unknown or
     * another tenant's, so a caller cannot learn that another tenant's id exists.
     */
    public Optional<MessageStatus> find(String tenant, String messageId) {
        synchronized (messages) {
            Lifecycle l = messages.get(messageId);
            return l != null && l.tenant.equals(tenant) ? Optional.of(l.view()) : Optional.empty();
        }
    }

    /**
     * Like {@link #find}, but when the message is not known yet, waits up to {@code wait} for the
     * view to reach the topic's end offsets as of this call: a receipt acknowledged before the call
     * (a 202 from any replica) is then in the view.
     */
    public Optional<MessageStatus> find(String tenant, String messageId, Duration wait) {
        Optional<MessageStatus> now = find(tenant, messageId);
        if (now.isPresent() || wait.isZero() || wait.isNegative()) {
            return now;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            Map<TopicPartition, Long> end = endOffsets(wait);
            while (!reached(end) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (TimeoutException | ExecutionException e) {
            LOG.debugf("status view: end offsets of %s unavailable (%s); answering from the view", topic, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return find(tenant, messageId);
    }

    private Map<TopicPartition, Long> endOffsets(Duration wait)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        for (TopicPartition tp : follower.positions().keySet()) {
            query.put(tp, OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(query).all().get(wait.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> at = follower.positions();
        return end.entrySet().stream().allMatch(e -> at.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }

    /** Messages in the view. */
    public int size() {
        synchronized (messages) {
            return messages.size();
        }
    }

    private void apply(Iterable<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            Receipt receipt;
            try {
                receipt = r.value() == null ? null : EventJson.read(r.value(), Receipt.class);
            } catch (RuntimeException e) {
                receipt = null;
            }
            if (receipt == null || receipt.messageId() == null || receipt.tenant() == null
                    || receipt.status() == null) {
                // Logged rarely and without content: the record's position only.
                if (skipped++ % 1000 == 0) {
                    LOG.warnf("SP0502 unreadable or incomplete receipt at %s-%d@%d skipped (%d so far)", r.topic(),
                            r.partition(), r.offset(), skipped);
                }
                continue;
            }
            synchronized (messages) {
                Lifecycle l = messages.get(receipt.messageId());
                if (l == null) {
                    l = new Lifecycle(receipt.messageId(), strings.intern(receipt.tenant()),
                            strings.intern(receipt.clientId()), r.timestamp());
                    messages.put(receipt.messageId(), l);
                } else if (!l.tenant.equals(receipt.tenant())) {
                    // A receipt cannot move a message to another tenant: the first one decides.
                    LOG.warnf("SP0503 receipt for message %s names another tenant than its first receipt; ignored",
                            receipt.messageId());
                    continue;
                }
                l.apply(receipt, strings);
            }
        }
        evict();
    }

    private void evict() {
        long oldest = clock.millis() - window.toMillis();
        synchronized (messages) {
            Iterator<Lifecycle> it = messages.values().iterator();
            while (it.hasNext()) {
                Lifecycle head = it.next();
                if (messages.size() > maxMessages || head.firstSeenMillis < oldest) {
                    it.remove();
                } else {
                    break;
                }
            }
        }
    }

    @Override
    public void close() {
        follower.close();
        admin.close(Duration.ofSeconds(5));
    }
}
