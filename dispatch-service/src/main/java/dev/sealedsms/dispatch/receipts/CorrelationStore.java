package dev.sealedsms.dispatch.receipts;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The durable carrier-id → message mapping, kept in the compacted topic
 * {@value Topics#DISPATCH_CORRELATION}. Every replica reads the whole topic (assigned, no group)
 * into memory, because a receipt may arrive on any replica's bind; writers are the replica that
 * submitted (message record) and the replica that took each part's receipt (part records). A
 * message's records are tombstoned when its terminal receipt is durable, so the topic holds only
 * what is in flight, with no expiry: a receipt days late still matches.
 *
 * <p>It also makes submits idempotent: a sealed record redelivered after a crash or rebalance finds
 * its message record (or its tombstone) here and is not submitted again. Before the first record
 * and after every partition assignment, dispatch waits until this reader has caught up with the
 * topic's end ({@link #awaitCaughtUp}).
 */
@ApplicationScoped
public class CorrelationStore {

    private static final Logger LOG = Logger.getLogger(CorrelationStore.class);
    /** Message ids whose records were tombstoned, kept so a late duplicate is recognised. */
    private static final int COMPLETED_REMEMBERED = 200_000;

    private final String bootstrap;
    private final int partitions;
    private final Map<String, Correlation.Submitted> messages = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Correlation.PartOutcome>> outcomes = new ConcurrentHashMap<>();
    /** carrier + '|' + canonical carrier id → message id and part. */
    private final Map<String, Ref> byCarrierId = new ConcurrentHashMap<>();
    private final Set<String> completed = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<String, Boolean>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > COMPLETED_REMEMBERED;
                }
            }));
    /** Carrier ids (carrier + '|' + canonical id) of those messages: a resent receipt for one is acknowledged, not recorded again. */
    private final Set<String> completedCarrierIds = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<String, Boolean>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > COMPLETED_REMEMBERED;
                }
            }));
    private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();
    /** This replica's submits whose SUBMITTED receipt is not durable yet: a terminal receipt waits for it. */
    private final Map<String, CompletableFuture<Void>> announcing = new ConcurrentHashMap<>();
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> reader;
    private KafkaConsumer<String, byte[]> offsets;
    private Thread readerThread;
    private volatile boolean running;
    private final java.util.concurrent.CountDownLatch loaded = new java.util.concurrent.CountDownLatch(1);

    /** Where a carrier id points. */
    record Ref(String messageId, int part) {
    }

    private final String receiptsTopic;
    private final Duration recoveryWindow;

    CorrelationStore(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "sealed.dispatch.correlation-partitions", defaultValue = "6") int partitions,
            @ConfigProperty(name = "mp.messaging.outgoing.receipts-out.topic", defaultValue = Topics.RECEIPTS)
            String receiptsTopic,
            @ConfigProperty(name = "sealed.dispatch.receipt-recovery-window", defaultValue = "PT10M")
            Duration recoveryWindow) {
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        this.receiptsTopic = receiptsTopic;
        this.recoveryWindow = recoveryWindow;
    }

    void start(@Observes @Priority(5) StartupEvent event) {
        ensureTopic();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2, ProducerConfig.CLIENT_ID_CONFIG, "dispatch-correlation"),
                new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> cc = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        reader = new KafkaConsumer<>(cc, new StringDeserializer(), new ByteArrayDeserializer());
        offsets = new KafkaConsumer<>(cc, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> tps = new ArrayList<>();
        reader.partitionsFor(Topics.DISPATCH_CORRELATION).forEach(
                p -> tps.add(new TopicPartition(p.topic(), p.partition())));
        reader.assign(tps);
        reader.seekToBeginning(tps);
        running = true;
        readerThread = new Thread(this::readLoop, "dispatch-correlation-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        loaded.countDown();
        awaitCaughtUp(Duration.ofSeconds(60));
        int recovered = reconcileWithReceipts(cc);
        LOG.infof("SD0301 correlation store loaded: %d messages awaiting receipts (%d found already final)",
                messages.size(), recovered);
    }

    /**
     * A replica killed between writing a terminal receipt and tombstoning its records leaves them
     * behind; the carrier, which got no deliver_sm_resp, sends the receipt again, and recording it
     * twice would give the message two terminal receipts. So before taking traffic, read the
     * receipts written since the oldest pending submit (at most {@code receipt-recovery-window}
     * back) and complete every pending message that already has its terminal receipt.
     */
    private int reconcileWithReceipts(Map<String, Object> consumerConfig) {
        if (messages.isEmpty()) {
            return 0;
        }
        long oldest = messages.values().stream().mapToLong(m -> m.submittedAt().toEpochMilli()).min().orElseThrow();
        long since = Math.max(oldest, System.currentTimeMillis() - recoveryWindow.toMillis());
        Set<String> done = new java.util.HashSet<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(receiptsTopic).forEach(p -> tps.add(new TopicPartition(p.topic(), p.partition())));
            c.assign(tps);
            Map<TopicPartition, Long> query = new HashMap<>();
            tps.forEach(tp -> query.put(tp, since));
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            c.offsetsForTimes(query).forEach((tp, o) -> c.seek(tp, o == null ? end.get(tp) : o.offset()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.value() != null && messages.containsKey(r.key())
                            && EventJson.read(r.value(), dev.sealedsms.events.Receipt.class).status().terminal()) {
                        done.add(r.key());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("SD0305 receipts not reconciled at start (%s); a receipt resent for a message completed "
                    + "just before a crash may be recorded twice", e.getClass().getSimpleName());
            return 0;
        }
        done.forEach(this::complete);
        return done.size();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (reader != null) {
            reader.wakeup();
        }
        try {
            if (readerThread != null) {
                readerThread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
        synchronized (this) {
            if (offsets != null) {
                offsets.close();
            }
        }
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            NewTopic topic = new NewTopic(Topics.DISPATCH_CORRELATION, partitions, (short) Math.min(3, brokers))
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.infof("SD0302 created compacted topic %s", Topics.DISPATCH_CORRELATION);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + Topics.DISPATCH_CORRELATION, e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot create " + Topics.DISPATCH_CORRELATION, e);
        }
    }

    private void readLoop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    try {
                        apply(r.key(), r.value());
                    } catch (RuntimeException e) {
                        LOG.errorf("SD0303 unreadable correlation record at %s-%d@%d skipped (%s)", r.topic(),
                                r.partition(), r.offset(), e.getClass().getSimpleName());
                    }
                }
                for (TopicPartition tp : reader.assignment()) {
                    applied.put(tp, reader.position(tp));
                }
            }
        } catch (WakeupException e) {
            // Stopping.
        } finally {
            reader.close();
        }
    }

    private void apply(String key, byte[] value) {
        if (key == null) {
            return;
        }
        if (key.startsWith("m:")) {
            String id = key.substring(2);
            if (value == null) {
                forget(id);
            } else if (!completed.contains(id)) {
                index(EventJson.read(value, Correlation.Submitted.class));
            }
        } else if (key.startsWith("p:") && value != null) {
            Correlation.PartOutcome o = EventJson.read(value, Correlation.PartOutcome.class);
            if (!completed.contains(o.messageId())) {
                outcomes.computeIfAbsent(o.messageId(), k -> new ConcurrentHashMap<>()).put(o.part(), o);
            }
        }
    }

    private void index(Correlation.Submitted s) {
        messages.put(s.messageId(), s);
        for (int i = 0; i < s.carrierMessageIds().size(); i++) {
            byCarrierId.put(s.carrier() + "|" + CarrierIds.canonical(s.carrierMessageIds().get(i)),
                    new Ref(s.messageId(), i));
        }
    }

    private void forget(String messageId) {
        completed.add(messageId);
        Correlation.Submitted s = messages.remove(messageId);
        outcomes.remove(messageId);
        if (s != null) {
            for (String id : s.carrierMessageIds()) {
                String key = s.carrier() + "|" + CarrierIds.canonical(id);
                byCarrierId.remove(key);
                completedCarrierIds.add(key);
            }
        }
    }

    /** Waits until this replica has read the topic up to its current end. */
    public void awaitCaughtUp(Duration max) {
        try {
            if (!loaded.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("SD0304 correlation store not started after %s; duplicates are possible", max);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Map<TopicPartition, Long> end;
        synchronized (this) {
            List<TopicPartition> tps = new ArrayList<>();
            offsets.partitionsFor(Topics.DISPATCH_CORRELATION).forEach(
                    p -> tps.add(new TopicPartition(p.topic(), p.partition())));
            end = new HashMap<>(offsets.endOffsets(tps));
        }
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (end.entrySet().stream().allMatch(e -> e.getValue() == 0 || applied.getOrDefault(e.getKey(), -1L) >= e.getValue())) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warnf("SD0304 correlation store not caught up after %s; duplicates are possible", max);
    }

    /**
     * Marks {@code messageId} as having its SUBMITTED receipt on the way; the terminal receipt is
     * written only after {@code announced} completes, so SUBMITTED always comes first.
     */
    public void announcing(String messageId, CompletableFuture<Void> announced) {
        announcing.put(messageId, announced);
        announced.whenComplete((v, e) -> announcing.remove(messageId, announced));
    }

    /** Completes when the message's SUBMITTED receipt is durable (at once if not announced here). */
    CompletableFuture<Void> announced(String messageId) {
        return announcing.getOrDefault(messageId, CompletableFuture.completedFuture(null));
    }

    /** Records a submit, in memory at once and durably when the future completes. */
    public CompletableFuture<Void> submitted(dev.sealedsms.events.SealedMessage m, String carrier,
            dev.sealedsms.events.TextEncoding encoding, List<String> carrierMessageIds) {
        return submitted(Correlation.Submitted.of(m, carrier, encoding, carrierMessageIds, java.time.Instant.now()));
    }

    CompletableFuture<Void> submitted(Correlation.Submitted s) {
        completed.remove(s.messageId());
        index(s);
        return send(Correlation.messageKey(s.messageId()), EventJson.write(s));
    }

    /** Records one part's final state durably. */
    CompletableFuture<Void> partDone(Correlation.PartOutcome o) {
        outcomes.computeIfAbsent(o.messageId(), k -> new ConcurrentHashMap<>()).put(o.part(), o);
        return send(Correlation.partKey(o.messageId(), o.part()), EventJson.write(o));
    }

    /** Tombstones every record of a message whose terminal receipt is durable. */
    CompletableFuture<Void> complete(String messageId) {
        Correlation.Submitted s = messages.get(messageId);
        int parts = s == null ? 0 : s.segments();
        forget(messageId);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        all.add(send(Correlation.messageKey(messageId), null));
        for (int i = 0; i < parts; i++) {
            all.add(send(Correlation.partKey(messageId, i), null));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** The message submitted under {@code carrierId} at {@code carrier}, hex or decimal. */
    Ref find(String carrier, String carrierId) {
        for (String c : CarrierIds.candidates(carrierId)) {
            Ref r = byCarrierId.get(carrier + "|" + c);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** True when {@code carrierId} belongs to a message whose terminal receipt is already written. */
    boolean completedCarrierId(String carrier, String carrierId) {
        for (String c : CarrierIds.candidates(carrierId)) {
            if (completedCarrierIds.contains(carrier + "|" + c)) {
                return true;
            }
        }
        return false;
    }

    /** Waits (once) until the topic was read to its end at start-up, so lookups see every replica's submits. */
    public void awaitLoaded() {
        if (caughtUpOnce) {
            return;
        }
        awaitCaughtUp(Duration.ofSeconds(60));
        caughtUpOnce = true;
    }

    private volatile boolean caughtUpOnce;

    /** True when the message was submitted and its terminal receipt is not written yet. */
    public boolean inFlight(String messageId) {
        return messages.containsKey(messageId);
    }

    /** The submit record of a message still waiting for its receipt, or null. */
    Correlation.Submitted message(String messageId) {
        return messages.get(messageId);
    }

    /** True when the message's terminal receipt was written (its records tombstoned) recently. */
    public boolean completed(String messageId) {
        return completed.contains(messageId);
    }

    Map<Integer, Correlation.PartOutcome> outcomes(String messageId) {
        return outcomes.getOrDefault(messageId, Map.of());
    }

    /** Messages submitted and still waiting for their receipt. */
    public int pending() {
        return messages.size();
    }

    private CompletableFuture<Void> send(String key, byte[] value) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(Topics.DISPATCH_CORRELATION, key, value), (md, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(null);
            }
        });
        return f;
    }
}
