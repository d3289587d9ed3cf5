package dev.sealedsms.testsupport;

import dev.sealedsms.events.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What tests do with topics: write a record, wait for records by key, read a topic to its end.
 * Plain Kafka clients, each read from the beginning in a group of its own, so tests see exactly
 * what is on the broker.
 */
public final class TopicProbe {

    /** How long a wait may take before the test fails. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Duration timeout;

    public TopicProbe(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_TIMEOUT);
    }

    public TopicProbe(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /** Writes one record and waits until all in-sync replicas have it. */
    public void produce(String topic, String key, byte[] value) {
        produce(new ProducerRecord<>(topic, key, value));
    }

    /** Writes one record, headers and partition as given, and waits until all in-sync replicas have it. */
    public void produce(String topic, Integer partition, String key, byte[] value, Headers headers) {
        produce(new ProducerRecord<>(topic, partition, key, value, headers));
    }

    /** Writes many records with one producer, in order, and waits until all in-sync replicas have them all. */
    public void produceAll(String topic, java.util.List<java.util.Map.Entry<String, byte[]>> records) {
        send(topic, records.stream().map(r -> new ProducerRecord<>(topic, r.getKey(), r.getValue())).toList());
    }

    private void produce(ProducerRecord<String, byte[]> record) {
        send(record.topic(), java.util.List.of(record));
    }

    private void send(String topic, java.util.List<ProducerRecord<String, byte[]>> records) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (ProducerRecord<String, byte[]> r : records) {
                sent.add(producer.send(r));
            }
            for (var f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing to " + topic, e);
        }
    }

    /** The first record on {@code topic} with {@code key}; fails after the timeout. */
    public ConsumerRecord<String, byte[]> await(String topic, String key) {
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(topic)) {
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic + " within " + timeout);
    }

    /**
     * The records with {@code key} on {@code topic}, parsed as {@code type} in offset order, once
     * {@code done} holds for them; fails after the timeout.
     */
    public <T> List<T> awaitUntil(String topic, String key, Class<T> type, Predicate<List<T>> done) {
        List<T> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(topic)) {
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        seen.add(EventJson.read(r.value(), type));
                    }
                }
                if (done.test(seen)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("records for " + key + " on " + topic + " incomplete within " + timeout + ": " + seen);
    }

    /** Every record on {@code topic} up to its end offsets at the time of the call. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read " + topic + " to its end within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** A consumer assigned every partition of {@code topic}, positioned at the beginning. */
    public KafkaConsumer<String, byte[]> fromBeginning(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        return consumer;
    }
}
