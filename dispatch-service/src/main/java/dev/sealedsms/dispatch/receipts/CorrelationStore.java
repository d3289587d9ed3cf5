package dev.sealedsms.dispatch.receipts;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
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
    /** Orphans kept in memory for matching; more stay durable (until the topic's retention), unmatched. */
    private static final int ORPHANS_HELD = 100_000;
    /** An orphan older than its message's submit by more than this is another message's receipt (a reused id). */
    static final Duration ORPHAN_SKEW = Duration.ofSeconds(60);
    /** Parts remembered under one carrier id; an older one beyond it is forgotten (it ends EXPIRED). */
    static final int REFS_PER_ID = 8;
    static final Duration DEFAULT_RECEIPT_DATE_SKEW = Duration.ofMinutes(10);

    /** An orphan whose message showed up: apply {@code orphan} to {@code ref}, then {@link #orphanApplied}. */
    public record OrphanMatch(String key, Ref ref, Correlation.Orphan orphan) {
    }

    private final String bootstrap;
    private final int partitions;
    private final Map<String, Correlation.Submitted> messages = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Correlation.PartOutcome>> outcomes = new ConcurrentHashMap<>();
    /**
     * carrier + '|' + canonical carrier id → the parts the carrier gave that id, newest first: a
     * carrier whose counter starts again after a restart gives an id to a new message while the old
     * one may still wait for its receipt. At most {@link #REFS_PER_ID}.
     */
    private final Map<String, List<Ref>> byCarrierId = new ConcurrentHashMap<>();
    private final Set<String> completed = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<String, Boolean>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > COMPLETED_REMEMBERED;
                }
            }));
    /**
     * Carrier ids (carrier + '|' + canonical id) of those messages, with when the carrier took them:
     * a resent receipt for one is acknowledged, not recorded again.
     */
    private final Map<String, Instant> completedCarrierIds = Collections.synchronizedMap(
            new LinkedHashMap<String, Instant>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                    return size() > COMPLETED_REMEMBERED;
                }
            });
    private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();
    /**
     * Messages with a part the carrier took whose submit record is not in memory yet (more parts to
     * go, or the record being made): a receipt for one of them waits for {@link #submitted}.
     */
    private final Map<String, CompletableFuture<Void>> expected = new ConcurrentHashMap<>();
    /** Receipts that matched nothing when they came, by {@link Correlation#orphanKey}; at most {@link #ORPHANS_HELD}. */
    private final Map<String, Correlation.Orphan> orphans = new ConcurrentHashMap<>();
    /**
     * Which pending messages this replica looks after (orphans, expiry): those whose
     * {@code sms.sealed} partition it is assigned, so exactly one replica does, and another takes
     * over after a rebalance or crash. Nothing until the first assignment.
     */
    private volatile java.util.function.Predicate<String> owned = id -> false;
    /** This replica's submits whose SUBMITTED receipt is not durable yet: a terminal receipt waits for it. */
    private final Map<String, CompletableFuture<Void>> announcing = new ConcurrentHashMap<>();
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> reader;
    private KafkaConsumer<String, byte[]> offsets;
    private Thread readerThread;
    private volatile boolean running;
    private final java.util.concurrent.CountDownLatch loaded = new java.util.concurrent.CountDownLatch(1);

    /** Where a carrier id points: a part of a message, and when we saw the carrier take it. */
    public record Ref(String messageId, int part, Instant takenAt) {
    }

    private final String receiptsTopic;
    private final String correlationTopic;
    private final String orphansTopic;
    private final Duration recoveryWindow;
    private volatile Duration receiptDateSkew = DEFAULT_RECEIPT_DATE_SKEW;

    @jakarta.inject.Inject
    CorrelationStore(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "sealed.dispatch.correlation-partitions", defaultValue = "6") int partitions,
            @ConfigProperty(name = "mp.messaging.outgoing.receipts-out.topic", defaultValue = Topics.RECEIPTS)
            String receiptsTopic,
            @ConfigProperty(name = "sealed.dispatch.receipt-recovery-window", defaultValue = "PT10M")
            Duration recoveryWindow,
            @ConfigProperty(name = "sealed.smpp.receipt-date-skew", defaultValue = "PT10M") Duration receiptDateSkew) {
        this(bootstrap, partitions, receiptsTopic, recoveryWindow, Topics.DISPATCH_CORRELATION, Topics.DISPATCH_ORPHANS);
        this.receiptDateSkew = receiptDateSkew;
    }

    /** With other topics than the service's: tests that must not meet a running dispatch's records. */
    CorrelationStore(String bootstrap, int partitions, String receiptsTopic, Duration recoveryWindow,
            String correlationTopic, String orphansTopic) {
        this.correlationTopic = correlationTopic;
        this.orphansTopic = orphansTopic;
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        this.receiptsTopic = receiptsTopic;
        this.recoveryWindow = recoveryWindow;
    }

    void start(@Observes @Priority(5) StartupEvent event) {
        ensureTopic(correlationTopic, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        ensureTopic(orphansTopic, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis())));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2, ProducerConfig.CLIENT_ID_CONFIG, "dispatch-correlation"),
                new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> cc = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        reader = new KafkaConsumer<>(cc, new StringDeserializer(), new ByteArrayDeserializer());
        offsets = new KafkaConsumer<>(cc, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> tps = partitions(reader);
        reader.assign(tps);
        reader.seekToBeginning(tps);
        running = true;
        readerThread = new Thread(this::readLoop, "dispatch-correlation-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        loaded.countDown();
        awaitCaughtUp(Duration.ofSeconds(60));
        int recovered = reconcileWithReceipts(cc);
        LOG.infof("SD0301 correlation store loaded: %d messages awaiting receipts (%d found already final), "
                + "%d orphan receipts", messages.size(), recovered, orphans.size());
    }

    /** Which messages this replica looks after; set on every partition assignment of sms.sealed. */
    public void ownedBy(java.util.function.Predicate<String> owns) {
        this.owned = owns;
    }

    /** Every partition of the correlation and orphan topics. */
    private List<TopicPartition> partitions(KafkaConsumer<?, ?> c) {
        List<TopicPartition> tps = new ArrayList<>();
        for (String topic : List.of(correlationTopic, orphansTopic)) {
            c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(p.topic(), p.partition())));
        }
        return tps;
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

    private void ensureTopic(String name, Map<String, String> configs) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            NewTopic topic = new NewTopic(name, partitions, (short) Math.min(3, brokers)).configs(configs);
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.infof("SD0302 created topic %s %s", name, configs);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + name, e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot create " + name, e);
        }
    }

    private void readLoop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    try {
                        if (r.topic().equals(orphansTopic)) {
                            applyOrphan(r.key(), r.value());
                        } else {
                            apply(r.key(), r.value());
                        }
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

    private void applyOrphan(String key, byte[] value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            orphans.remove(key);
            return;
        }
        Correlation.Orphan o = EventJson.read(value, Correlation.Orphan.class);
        if (orphans.size() < ORPHANS_HELD || orphans.containsKey(key)) {
            orphans.put(key, o);
        }
    }

    /** Orphans whose message is pending here now and that this replica looks after. */
    public List<OrphanMatch> matchedOrphans() {
        List<OrphanMatch> out = new ArrayList<>();
        for (Map.Entry<String, Correlation.Orphan> e : orphans.entrySet()) {
            Correlation.Orphan o = e.getValue();
            Ref ref = find(o.carrier(), o.carrierMessageId(), o.submitDate());
            if (ref != null && owned.test(ref.messageId()) && belongs(o, ref)) {
                out.add(new OrphanMatch(e.getKey(), ref, o));
            }
        }
        return out;
    }

    /** The orphan was applied to its message: forget it, here and in the topic. */
    public CompletableFuture<Void> orphanApplied(String key) {
        orphans.remove(key);
        return send(orphansTopic, key, null);
    }

    /** Pending messages this replica looks after whose validity ended before {@code cutoff}. */
    public List<Correlation.Submitted> overdue(Instant cutoff) {
        List<Correlation.Submitted> out = new ArrayList<>();
        for (Correlation.Submitted s : messages.values()) {
            if (s.expiresAt() != null && s.expiresAt().isBefore(cutoff) && owned.test(s.messageId())) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * True when {@code o} can be a receipt of the message {@code ref} names: not received before its
     * submit, and (when the receipt has a submit date) taken by the carrier in that minute.
     */
    private boolean belongs(Correlation.Orphan o, Ref ref) {
        Correlation.Submitted s = messages.get(ref.messageId());
        return s != null && !o.receivedAt().isBefore(s.submittedAt().minus(ORPHAN_SKEW));
    }


    /** Keeps a receipt that matched nothing; completes when it is durable. */
    CompletableFuture<Void> orphan(Correlation.Orphan o) {
        return send(orphansTopic, Correlation.orphanKey(o), EventJson.write(o));
    }

    /** True while an orphan receipt for this carrier id is held, unmatched. */
    boolean holdsOrphan(String carrier, String carrierId) {
        String id = CarrierIds.canonical(carrierId);
        return orphans.values().stream().anyMatch(o -> o.carrier().equals(carrier)
                && CarrierIds.canonical(o.carrierMessageId()).equals(id));
    }

    /** Receipts kept as orphans and not matched yet, as far as this replica holds them. */
    public int orphans() {
        return orphans.size();
    }

    /**
     * The carrier took part {@code part} of {@code messageId} under {@code carrierId}. Called on the
     * link's reader thread before it reads the next PDU, so a receipt for that id, which can only
     * come later on the same link, finds it (and waits for {@link #submitted} if it must).
     */
    public void expect(String messageId, String carrier, int part, String carrierId) {
        expected.computeIfAbsent(messageId, k -> new CompletableFuture<>());
        String key = carrier + "|" + CarrierIds.canonical(carrierId);
        link(key, new Ref(messageId, part, Instant.now()));
        completedCarrierIds.remove(key); // the carrier numbers again from where an earlier message was
    }

    /** The submit was given up (a later part refused, or validity passed): its parts' receipts are orphans. */
    public void abandon(String messageId) {
        CompletableFuture<Void> f = expected.remove(messageId);
        if (f == null || messages.containsKey(messageId)) {
            return;
        }
        byCarrierId.keySet().forEach(key -> unlink(key, messageId));
        f.completeExceptionally(new IllegalStateException("submit given up"));
    }

    /** Completes when {@code messageId}'s submit record is in memory; null when none is expected. */
    CompletableFuture<Void> expected(String messageId) {
        return expected.get(messageId);
    }

    private void index(Correlation.Submitted s) {
        messages.put(s.messageId(), s);
        for (int i = 0; i < s.carrierMessageIds().size(); i++) {
            link(s.carrier() + "|" + CarrierIds.canonical(s.carrierMessageIds().get(i)),
                    new Ref(s.messageId(), i, s.submittedAt()));
        }
    }

    /** Adds (or replaces) a part under its carrier id, keeping the newest first. */
    private void link(String key, Ref ref) {
        byCarrierId.compute(key, (k, refs) -> {
            List<Ref> out = new ArrayList<>(refs == null ? 1 : refs.size() + 1);
            out.add(ref);
            if (refs != null) {
                for (Ref r : refs) {
                    if (!(r.messageId().equals(ref.messageId()) && r.part() == ref.part())) {
                        out.add(r);
                    }
                }
            }
            out.sort(java.util.Comparator.comparing(Ref::takenAt).reversed());
            return List.copyOf(out.size() > REFS_PER_ID ? out.subList(0, REFS_PER_ID) : out);
        });
    }

    /**
     * Removes {@code messageId}'s parts from under a carrier id, and nothing else: the id may have
     * been given to a newer message meanwhile, which must keep it.
     */
    private void unlink(String key, String messageId) {
        byCarrierId.computeIfPresent(key, (k, refs) -> {
            List<Ref> left = refs.stream().filter(r -> !r.messageId().equals(messageId)).toList();
            return left.isEmpty() ? null : left;
        });
    }

    private void forget(String messageId) {
        completed.add(messageId);
        Correlation.Submitted s = messages.remove(messageId);
        outcomes.remove(messageId);
        if (s != null) {
            for (String id : s.carrierMessageIds()) {
                String key = s.carrier() + "|" + CarrierIds.canonical(id);
                unlink(key, messageId);
                completedCarrierIds.put(key, s.submittedAt());
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
            end = new HashMap<>(offsets.endOffsets(partitions(offsets)));
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
            dev.sealedsms.events.TextEncoding encoding, List<String> carrierMessageIds, Duration defaultValidity) {
        return submitted(Correlation.Submitted.of(m, carrier, encoding, carrierMessageIds, Instant.now(),
                defaultValidity));
    }

    CompletableFuture<Void> submitted(Correlation.Submitted s) {
        completed.remove(s.messageId());
        index(s);
        CompletableFuture<Void> waiting = expected.remove(s.messageId());
        if (waiting != null) {
            waiting.complete(null);
        }
        return send(correlationTopic, Correlation.messageKey(s.messageId()), EventJson.write(s));
    }

    /** Records one part's final state durably. */
    CompletableFuture<Void> partDone(Correlation.PartOutcome o) {
        outcomes.computeIfAbsent(o.messageId(), k -> new ConcurrentHashMap<>()).put(o.part(), o);
        return send(correlationTopic, Correlation.partKey(o.messageId(), o.part()), EventJson.write(o));
    }

    /** Tombstones every record of a message whose terminal receipt is durable. */
    CompletableFuture<Void> complete(String messageId) {
        Correlation.Submitted s = messages.get(messageId);
        int parts = s == null ? 0 : s.segments();
        forget(messageId);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        all.add(send(correlationTopic, Correlation.messageKey(messageId), null));
        for (int i = 0; i < parts; i++) {
            all.add(send(correlationTopic, Correlation.partKey(messageId, i), null));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** The message submitted under {@code carrierId} at {@code carrier}, hex or decimal. */
    Ref find(String carrier, String carrierId) {
        return find(carrier, carrierId, null);
    }

    /**
     * The newest part the carrier gave {@code carrierId} (hex or decimal) that a receipt with this
     * {@code submitDate} (null: none) can be for; never an older one when the date says the receipt
     * is for a newer submit, which this replica has not seen yet: then null.
     */
    Ref find(String carrier, String carrierId, Instant submitDate) {
        for (String c : CarrierIds.candidates(carrierId)) {
            List<Ref> refs = byCarrierId.get(carrier + "|" + c);
            if (refs != null) {
                for (Ref r : refs) {
                    if (SubmitDates.fits(r.takenAt(), submitDate, receiptDateSkew)) {
                        return r;
                    }
                }
            }
        }
        return null;
    }

    /** True when {@code carrierId} belongs to a message whose terminal receipt is already written. */
    boolean completedCarrierId(String carrier, String carrierId) {
        return completedCarrierId(carrier, carrierId, null);
    }

    /**
     * True when {@code carrierId} belongs to a message whose terminal receipt is already written and
     * a receipt with this {@code submitDate} (null: none) can be that message's.
     */
    boolean completedCarrierId(String carrier, String carrierId, Instant submitDate) {
        for (String c : CarrierIds.candidates(carrierId)) {
            Instant takenAt = completedCarrierIds.get(carrier + "|" + c);
            if (takenAt != null && SubmitDates.fits(takenAt, submitDate, receiptDateSkew)) {
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

    private CompletableFuture<Void> send(String topic, String key, byte[] value) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(null);
            }
        });
        return f;
    }
}
