package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.sealedsms.events.Topics;

class KafkaBrokerIT {

    @Test
    void recordProducedToCreatedTopicIsConsumedBack() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(1)) {
            // given
            String topic = "it.roundtrip";
            kafka.createTopics(List.of(topic), 2);
            kafka.createTopics(List.of(topic), 2); // idempotent
            assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"), kafka.bootstrapServers());

            // when
            String key = "msg-" + UUID.randomUUID();
            RecordMetadata sent = produce(kafka.bootstrapServers(), topic, key, "sealed payload");

            // then
            List<ConsumerRecord<String, String>> records = consume(kafka.bootstrapServers(), topic, 1);
            assertEquals(1, records.size());
            assertEquals(key, records.get(0).key());
            assertEquals("sealed payload", records.get(0).value());
            assertEquals(sent.partition(), records.get(0).partition());
        }
    }

    @Test
    void createsEverySealedTopicWithItsPartitionCount() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(1); Admin admin = admin(kafka.bootstrapServers())) {
            kafka.createSealedTopics();
            kafka.createSealedTopics(); // a second module's test may call it again

            Map<String, TopicDescription> topics = admin.describeTopics(allSealedTopics())
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            for (String main : Topics.ALL) {
                assertEquals(3, topics.get(main).partitions().size(), main);
            }
            for (String dlq : Topics.DEAD_LETTER) {
                assertEquals(1, topics.get(dlq).partitions().size(), dlq);
            }
        }
    }

    @Test
    void threeBrokerClusterReplicatesAndSurvivesLosingABroker() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(3); Admin admin = admin(kafka.bootstrapServers())) {
            // given a topic replicated on all three brokers
            String topic = "it.replicated";
            kafka.createTopics(List.of(topic), 3);
            TopicDescription described = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            described.partitions().forEach(p -> assertEquals(3, p.replicas().size(), "replicas of " + p));

            // when one broker goes away
            kafka.shutdownBroker(1);
            assertEquals(List.of(0, 2), kafka.runningBrokerIds());
            assertFalse(kafka.bootstrapServers().isEmpty());

            // then the cluster still takes and serves records
            produce(kafka.bootstrapServers(), topic, "after-failover", "still here");
            List<ConsumerRecord<String, String>> records = consume(kafka.bootstrapServers(), topic, 1);
            assertEquals("still here", records.get(0).value());
        }
    }

    private static List<String> allSealedTopics() {
        List<String> all = new ArrayList<>(Topics.ALL);
        all.addAll(Topics.DEAD_LETTER);
        return all;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static RecordMetadata produce(String bootstrap, String topic, String key, String value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, String>> consume(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(expected, records.size(), "records consumed from " + topic);
        return records;
    }
}
