package dev.sealedsms.policy.callback;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.kafka.TopicFollower;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * This replica's copy of {@value Topics#POLICY_CALLBACKS} (compacted): every client's registration
 * and latest delivery health. Read whole by assignment (no group) at start-up, then followed, like
 * the consent ledger. Plain Java, no CDI.
 */
public final class CallbackRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CallbackRegistry.class);

    private final TopicFollower follower;
    private final Map<String, CallbackRegistration> registrations = new ConcurrentHashMap<>();
    private final Map<String, CallbackHealth> health = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    public CallbackRegistry(String bootstrapServers, String topic) {
        follower = new TopicFollower(bootstrapServers, topic, "callback registry", this::apply);
    }

    public CallbackRegistry start(Duration maxCatchUp) {
        follower.start(null, maxCatchUp);
        loaded = true;
        LOG.infof("SP0601 callback registry loaded: %d clients with a callback", registrations.size());
        return this;
    }

    public boolean ready() {
        return loaded && !follower.failed();
    }

    /** The client's callback, or null. */
    public CallbackRegistration registration(String clientId) {
        return clientId == null ? null : registrations.get(clientId);
    }

    /** The latest delivery health any replica recorded for the client, or null. */
    public CallbackHealth health(String clientId) {
        return health.get(clientId);
    }

    /** Waits up to {@code wait} until this replica has read the record at {@code offset} of {@code tp}. */
    public boolean awaitRead(TopicPartition tp, long offset, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (follower.positions().getOrDefault(tp, -1L) <= offset) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void apply(Iterable<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            String key = r.key();
            if (key == null) {
                continue;
            }
            try {
                if (key.startsWith("registration:")) {
                    String client = key.substring("registration:".length());
                    if (r.value() == null) {
                        registrations.remove(client);
                    } else {
                        registrations.put(client, EventJson.read(r.value(), CallbackRegistration.class));
                    }
                } else if (key.startsWith("health:")) {
                    String client = key.substring("health:".length());
                    if (r.value() == null) {
                        health.remove(client);
                    } else {
                        health.put(client, EventJson.read(r.value(), CallbackHealth.class));
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("SP0602 unreadable callback record at %s-%d@%d skipped (%s)", r.topic(), r.partition(),
                        r.offset(), e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
