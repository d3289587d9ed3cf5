package dev.sealedsms.policy.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows every partition of one topic by assignment (no consumer group, no committed offsets), the
 * way each replica builds its own view of shared state: {@link #start} reads from the beginning (or
 * from a time) up to the end offsets seen at start, then a daemon thread keeps applying new
 * records. Used by the consent ledger and the daily quota; plain Java, no CDI.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    private final String topic;
    private final String name;
    private final Consumer<ConsumerRecords<String, byte[]>> apply;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile boolean failed;
    /** Next offset to read per partition, published after each poll for other threads (read-your-writes). */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();

    /**
     * @param name  what the records build, for thread names and log lines (e.g. "consent ledger")
     * @param apply called with each batch of records, on the starting thread, then on the reader thread
     */
    public TopicFollower(String bootstrapServers, String topic, String name,
            Consumer<ConsumerRecords<String, byte[]>> apply) {
        this.topic = topic;
        this.name = name;
        this.apply = apply;
        String id = name.replace(' ', '-');
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "policy-" + id + "-" + Long.toHexString(System.nanoTime())),
                new StringDeserializer(), new ByteArrayDeserializer());
        reader = new Thread(this::readLoop, "policy-" + id);
        reader.setDaemon(true);
    }

    /**
     * Assigns every partition, reads from {@code fromMillis} (null: the beginning) up to the end
     * offsets seen now, then starts following.
     *
     * @throws IllegalStateException when the topic has no partitions or cannot be read within {@code maxCatchUp}
     */
    public void start(Long fromMillis, Duration maxCatchUp) {
        List<TopicPartition> tps = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(p.topic(), p.partition())));
        if (tps.isEmpty()) {
            throw new IllegalStateException(name + ": topic " + topic + " has no partitions");
        }
        consumer.assign(tps);
        Map<TopicPartition, Long> end = consumer.endOffsets(tps);
        if (fromMillis == null) {
            consumer.seekToBeginning(tps);
        } else {
            Map<TopicPartition, Long> query = new HashMap<>();
            tps.forEach(tp -> query.put(tp, fromMillis));
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(query);
            for (TopicPartition tp : tps) {
                OffsetAndTimestamp o = from.get(tp);
                consumer.seek(tp, o != null ? o.offset() : end.get(tp));
            }
        }
        long deadline = System.nanoTime() + maxCatchUp.toNanos();
        while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": could not read " + topic + " within " + maxCatchUp);
            }
            apply.accept(consumer.poll(Duration.ofMillis(200)));
            publishPositions();
        }
        publishPositions();
        reader.start();
    }

    /** True once the reader thread has stopped on an error: the view no longer advances. */
    public boolean failed() {
        return failed;
    }

    /**
     * The next offset this follower will read, per partition, as of its last poll: every record
     * below it has been applied. Lets a reader on another thread wait until the view has reached
     * an offset it knows was written (read-your-writes).
     */
    public Map<TopicPartition, Long> positions() {
        return Map.copyOf(positions);
    }

    private void publishPositions() {
        for (TopicPartition tp : consumer.assignment()) {
            positions.put(tp, consumer.position(tp));
        }
    }

    /**
     * When this follower was last seen at most {@value #CAUGHT_UP_RECORDS} records behind the end
     * of the topic, in {@link System#nanoTime()}; checked every {@value #LAG_CHECK_MILLIS} ms. A
     * view whose reader runs but cannot keep up (or cannot fetch) falls behind without failing:
     * {@link #caughtUpWithin} tells.
     */
    private volatile long caughtUpAtNanos = System.nanoTime();
    private volatile long lastLag;
    private long nextLagCheckNanos;
    static final long CAUGHT_UP_RECORDS = 100;
    static final long LAG_CHECK_MILLIS = 2_000;

    /** True when the view was at most a few records behind the topic's end within {@code staleAfter}. */
    public boolean caughtUpWithin(Duration staleAfter) {
        return System.nanoTime() - caughtUpAtNanos <= staleAfter.toNanos();
    }

    /** Records behind the topic's end at the last check. */
    public long lag() {
        return lastLag;
    }

    /** On the reader thread: compares positions with end offsets now and then; never fails the reader. */
    private void checkLag() {
        long now = System.nanoTime();
        if (now - nextLagCheckNanos < 0) {
            return;
        }
        nextLagCheckNanos = now + Duration.ofMillis(LAG_CHECK_MILLIS).toNanos();
        try {
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> e : consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(2))
                    .entrySet()) {
                lag += Math.max(0, e.getValue() - consumer.position(e.getKey()));
            }
            lastLag = lag;
            if (lag <= CAUGHT_UP_RECORDS) {
                caughtUpAtNanos = now;
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // The broker does not answer: the view is not known to be current, so it is not marked caught up.
            LOG.debugf("SP0403 %s: end offsets not known now", name);
        }
    }

    private void readLoop() {
        try {
            while (running) {
                apply.accept(consumer.poll(Duration.ofMillis(200)));
                publishPositions();
                checkLag();
            }
        } catch (WakeupException e) {
            if (running) {
                failed = true;
                LOG.errorf("SP0401 %s reader woken while running", name);
            }
        } catch (RuntimeException e) {
            failed = true;
            LOG.errorf("SP0402 %s reader failed (%s); it no longer advances", name, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (reader.isAlive()) {
                reader.join(10_000);
            } else {
                consumer.close(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
