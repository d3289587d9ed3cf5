package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/dispatch/run.sh} runs this (it is no *Test, so the build skips it): one dispatch
 * instance, the simulator with immediate receipts, {@code -Dbench.messages} sealed messages written
 * at once; it reports submit_sm/s at the simulator and the time until every message has its
 * terminal receipt. Sealing happens before the clock starts.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(BenchCarrierResource.class)
class DispatchBench {

    @Test
    void run() throws Exception {
        int n = Integer.getInteger("bench.messages", 10_000);
        // Warm-up: binds up, JIT, Vault key cached.
        send(List.of(Sealing.seal("acme", "+447400900000", "warm-up", Instant.now().plusSeconds(3600))));
        Thread.sleep(2000);
        List<SealedMessage> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(Sealing.seal("acme", "+447400900001", "bench message " + i + " with some ordinary text",
                    Instant.now().plusSeconds(3600)));
        }
        Set<String> ids = new HashSet<>();
        batch.forEach(m -> ids.add(m.messageId()));
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        long before = BenchCarrierResource.smsc.submissionCount();
        BenchCarrierResource.smsc.onSubmission(s -> {
            long now = System.nanoTime();
            first.compareAndSet(0, now);
            last.set(now);
        });

        long start = System.nanoTime();
        send(batch);
        Map<ReceiptStatus, Integer> outcomes = awaitTerminal(ids, Duration.ofMinutes(10));
        long end = System.nanoTime();

        long submits = BenchCarrierResource.smsc.submissionCount() - before;
        double submitSeconds = (last.get() - first.get()) / 1e9;
        System.out.printf("BENCH binds=%s faults=%s messages=%d submit_sm=%d rejected=%d submit_sm/s=%.0f "
                        + "all-terminal=%.2fs outcomes=%s%n",
                System.getProperty("bench.binds", "1"), Boolean.getBoolean("bench.faults"), n, submits,
                BenchCarrierResource.smsc.rejectedCount(), submits / submitSeconds, (end - start) / 1e9, outcomes);
    }

    private static void send(List<SealedMessage> batch) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SealedInfrastructure.get().kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (SealedMessage m : batch) {
                producer.send(new ProducerRecord<>(Topics.SEALED, m.messageId(), EventJson.write(m)));
            }
            producer.flush();
        }
    }

    private static Map<ReceiptStatus, Integer> awaitTerminal(Set<String> ids, Duration max) {
        Map<ReceiptStatus, Integer> outcomes = new EnumMap<>(ReceiptStatus.class);
        Set<String> open = new HashSet<>(ids);
        var probe = new dev.sealedsms.testsupport.TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());
        Instant deadline = Instant.now().plus(max);
        try (KafkaConsumer<String, byte[]> c = probe.fromBeginning(Topics.RECEIPTS)) {
            while (!open.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (open.contains(r.key())) {
                        Receipt rc = EventJson.read(r.value(), Receipt.class);
                        if (rc.status().terminal()) {
                            open.remove(r.key());
                            outcomes.merge(rc.status(), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        if (!open.isEmpty()) {
            throw new AssertionError(open.size() + " messages without a terminal receipt");
        }
        return outcomes;
    }
}
