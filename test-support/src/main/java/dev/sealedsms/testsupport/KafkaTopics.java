package dev.sealedsms.testsupport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic creation through the Admin API, shared by every {@link KafkaEndpoint}. */
final class KafkaTopics {

    private static final long TIMEOUT_SECONDS = 30;

    private KafkaTopics() {
    }

    static void create(String bootstrapServers, Collection<String> names, int partitions) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        names.forEach(name -> topics.put(name, partitions));
        create(bootstrapServers, topics);
    }

    /**
     * Creates each topic of {@code partitionsByTopic} with its partition count and a replication
     * factor of {@code min(3, brokers)}; topics that exist are left as they are. One admin client
     * for the lot.
     */
    static void create(String bootstrapServers, Map<String, Integer> partitionsByTopic) {
        partitionsByTopic.forEach((name, partitions) -> {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions of " + name + " must be at least 1, was " + partitions);
            }
        });
        if (partitionsByTopic.isEmpty()) {
            return;
        }
        BrokerLogging.quiet();
        Collection<String> names = partitionsByTopic.keySet();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, BrokerLogging.ADMIN_CLIENT_ID);
        try (Admin admin = Admin.create(config)) {
            int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
            short replication = (short) Math.min(3, brokers);
            List<NewTopic> topics = new ArrayList<>();
            partitionsByTopic.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, replication)));
            for (Map.Entry<String, KafkaFuture<Void>> topic : admin.createTopics(topics).values().entrySet()) {
                try {
                    topic.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // Idempotent by contract: a topic created by an earlier test or call is what we want.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.getKey()
                                + " on " + bootstrapServers + ": " + e.getCause(), e.getCause());
                    }
                }
            }
            awaitLeaders(admin, names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + names, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers
                    + " to create topics " + names + ": " + e, e);
        }
    }

    /**
     * The controller acknowledges a creation before the brokers have the new metadata; wait until
     * a broker describes every partition with a leader, so the caller can produce at once.
     */
    private static void awaitLeaders(Admin admin, Collection<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                boolean ready = described.values().stream()
                        .flatMap(topic -> topic.partitions().stream())
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                // Not yet in the broker's metadata: poll again below.
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + names + " have no leader for every partition after "
                        + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(50);
        }
    }
}
