package dev.sealedsms.testsupport;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sealedsms.events.Topics;

/**
 * A Kafka cluster a test can connect to, however it runs: in this JVM ({@link KafkaBroker}), in a
 * container, or owned by another class loader of the same JVM. Plaintext, no authentication.
 */
public interface KafkaEndpoint {

    /** {@code host:port[,host:port…]} for {@code bootstrap.servers}. */
    String bootstrapServers();

    /**
     * Creates {@code names} with {@code partitions} partitions each and a replication factor of
     * {@code min(3, brokers)}; topics that exist already are left as they are.
     */
    default void createTopics(Collection<String> names, int partitions) {
        KafkaTopics.create(bootstrapServers(), names, partitions);
    }

    /** Every Sealed SMS topic: {@link Topics#ALL} with 3 partitions, {@link Topics#DEAD_LETTER} with 1. */
    default void createSealedTopics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        Topics.ALL.forEach(topic -> topics.put(topic, 3));
        Topics.DEAD_LETTER.forEach(topic -> topics.put(topic, 1));
        KafkaTopics.create(bootstrapServers(), topics);
    }
}
