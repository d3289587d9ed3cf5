package dev.sealedsms.policy.limits;

import dev.sealedsms.events.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * This replica's share of every client's rate limit, given by Kafka group membership. Every
 * replica joins one consumer group on {@value Topics#POLICY_SHARES}, a topic no one writes to; the
 * group coordinator hands each member a disjoint set of its partitions, so the shares of all
 * members sum to at most 1 and follow the fleet as replicas come and go. Share = assigned
 * partitions / all partitions.
 *
 * <p>Cooperative rebalancing: a partition is revoked from its old owner before a new owner gets
 * it, so shares never overlap. A replica that stops polling (dead thread) or loses its partitions
 * (expelled after a session timeout) answers share 0. Plain Java, no CDI, so tests can run several
 * "replicas" in one JVM. Topic: {@value Topics#POLICY_SHARES} (group membership only, no records).
 */
public final class RateShares implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RateShares.class);
    /** A poll loop silent for longer than this no longer speaks for its partitions. */
    private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final int SESSION_TIMEOUT_MS = 10_000;

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread poller;
    private final CountDownLatch firstAssignment = new CountDownLatch(1);
    private final Set<TopicPartition> owned = new HashSet<>();
    private volatile double share;
    private volatile int totalPartitions;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile boolean running = true;

    public RateShares(String bootstrapServers, String groupId, String topic) {
        this.topic = topic;
        Map<String, Object> cc = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + Long.toHexString(System.nanoTime()),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, SESSION_TIMEOUT_MS / 5);
        consumer = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        poller = new Thread(this::pollLoop, "policy-rate-shares");
        poller.setDaemon(true);
    }

    /** Creates {@code topic} with {@code partitions} when missing (local stack and tests only). */
    public static void ensureTopic(String bootstrapServers, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) Math.min(3, brokers))))
                    .all().get(30, TimeUnit.SECONDS);
            LOG.infof("SP0101 created topic %s with %d partitions", topic, partitions);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicAuthorizationException) {
                // With the chart's ACLs the service may not create topics: the chart has created it.
                LOG.infof("SP0107 not allowed to create %s; expecting it to exist", topic);
            } else if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
    }

    /** Joins the group; returns at once, shares follow as the coordinator assigns them. */
    public RateShares start() {
        totalPartitions = consumer.partitionsFor(topic).size();
        consumer.subscribe(List.of(topic), new Listener());
        poller.start();
        return this;
    }

    /** Waits up to {@code max} for the first assignment; false if none came. */
    public boolean awaitFirstAssignment(Duration max) throws InterruptedException {
        return firstAssignment.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This replica's fraction of every rate limit, 0 to 1. */
    public double share() {
        if (System.nanoTime() - lastPollNanos > STALE_NANOS) {
            return 0;
        }
        return share;
    }

    private void pollLoop() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(100));
                lastPollNanos = System.nanoTime();
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.errorf("SP0102 rate shares poll loop woken while running; share now 0");
            }
        } catch (RuntimeException e) {
            LOG.errorf("SP0103 rate shares poll loop failed (%s); share now 0 until restart", e.toString());
        } finally {
            share = 0;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void update() {
        share = totalPartitions == 0 ? 0 : Math.min(1.0, owned.size() / (double) totalPartitions);
    }

    /** Runs on the poll thread, inside poll(). */
    private final class Listener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            owned.removeAll(partitions);
            update();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            owned.removeAll(partitions);
            update();
            LOG.warnf("SP0104 lost %d share partitions (session expired?); share now %.3f", partitions.size(), share);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            totalPartitions = Math.max(totalPartitions, consumer.partitionsFor(topic).size());
            owned.addAll(partitions);
            update();
            LOG.infof("SP0105 rate shares: %d of %d partitions, share %.3f", owned.size(), totalPartitions, share);
            firstAssignment.countDown();
        }
    }

    /** Leaves the group, so the other replicas take over this share at once. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
