package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sealed messages that may not be sent yet (a scheduled send, or marketing deferred past quiet
 * hours) wait here, still sealed, in dispatch-service's own topic {@value Topics#DISPATCH_SCHEDULED}
 * (key = message id, value = the sealed record as it came). The replicas share its partitions in
 * one consumer group ({@code sealed.dispatch.hold-group}); the owner of a partition keeps its held
 * records in memory ordered by {@code notBefore} and hands each over when it is due, on a small
 * pool of threads, to the same path as a fresh {@code sms.sealed} record. A partition's offset is
 * committed up to the oldest record not yet handed over and finished, so a crash or a rebalance
 * re-reads only what is still held, and a message handed over twice is recognised as already
 * submitted by the correlation store. Nothing is opened before it is due: a tenant shredded in the
 * meantime gets FAILED {@code KEY_DESTROYED}, not a message.
 */
@ApplicationScoped
public class ScheduledHold {

    private static final Logger LOG = Logger.getLogger(ScheduledHold.class);
    private static final Duration RETRY_HAND_OVER = Duration.ofSeconds(5);

    private final String bootstrap;
    private final String group;
    private final int partitions;
    private final boolean createTopic;
    private final Map<TopicPartition, NavigableSet<Long>> open = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** Guarded by itself; only the poller thread adds and polls. */
    private final PriorityQueue<Held> waiting = new PriorityQueue<>(
            Comparator.comparing(Held::notBefore).thenComparingLong(Held::offset));
    private final ExecutorService handOver = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "dispatch-hold-release");
        t.setDaemon(true);
        return t;
    });
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread poller;
    private volatile boolean running;
    private volatile boolean failed;
    private volatile Release release;

    /** One held record: where it is, when it is due, and the sealed record to hand over. */
    record Held(TopicPartition tp, long offset, Instant notBefore, String key, byte[] payload) {
    }

    /** Where due records go. */
    @FunctionalInterface
    interface Release {
        /** Hands over {@code sealedRecord} (key {@code key}); {@code done} runs once it has its durable outcome. */
        void accept(String key, byte[] sealedRecord, Runnable done);
    }

    ScheduledHold(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "sealed.dispatch.hold-group", defaultValue = "dispatch-service.scheduled") String group,
            @ConfigProperty(name = "sealed.dispatch.hold-partitions", defaultValue = "6") int partitions,
            @ConfigProperty(name = "sealed.dispatch.create-hold-topic", defaultValue = "true") boolean createTopic) {
        this.bootstrap = bootstrap;
        this.group = group;
        this.partitions = partitions;
        this.createTopic = createTopic;
    }

    /**
     * Where due records go; {@code done} must run once the record has its durable outcome (or will
     * never have one here).
     */
    void releaseTo(Release release) {
        this.release = release;
    }

    void start(@Observes @Priority(6) StartupEvent event) {
        if (createTopic) {
            ensureTopic();
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2, ProducerConfig.CLIENT_ID_CONFIG, "dispatch-hold"),
                new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, "dispatch-hold-" + Long.toHexString(System.nanoTime())),
                new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        poller = new Thread(this::pollLoop, "dispatch-hold");
        poller.setDaemon(true);
        poller.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        try {
            if (poller != null) {
                poller.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handOver.shutdownNow();
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** False once the hold's reader has stopped on an error: held messages would not be released. */
    public boolean healthy() {
        return !failed;
    }

    /** Messages held by this replica now. */
    public int size() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    /**
     * Holds {@code sealedRecord} of message {@code m}, with its headers (CloudEvents), as it came;
     * completes when the hold is durable.
     */
    CompletableFuture<Void> hold(SealedMessage m, byte[] sealedRecord, Iterable<Header> headers) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(Topics.DISPATCH_SCHEDULED, null, m.messageId(), sealedRecord, headers),
                (md, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        done.complete(null);
                    }
                });
        return done;
    }

    private void pollLoop() {
        try {
            consumer.subscribe(List.of(Topics.DISPATCH_SCHEDULED), new Rebalance());
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    take(r);
                }
                releaseDue();
                commit(false);
            }
        } catch (WakeupException e) {
            if (running) {
                failed = true;
                LOG.errorf("SD0402 scheduled hold woken while running");
            }
        } catch (RuntimeException e) {
            failed = true;
            LOG.errorf("SD0403 scheduled hold reader failed (%s); held messages are not released here",
                    e.toString());
        } finally {
            try {
                commit(true);
            } catch (RuntimeException e) {
                LOG.warnf("SD0404 scheduled hold: last commit failed (%s); held records are re-read",
                        e.getClass().getSimpleName());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Instant notBefore;
        try {
            SealedMessage m = EventJson.read(r.value(), SealedMessage.class);
            notBefore = m.notBefore() != null ? m.notBefore() : Instant.EPOCH;
        } catch (RuntimeException e) {
            // Only dispatch writes here, so this is a bug or tampering; hand it over to get its dead-letter record.
            LOG.errorf("SD0405 unreadable held record at %s-%d@%d; handed over at once", r.topic(), r.partition(),
                    r.offset());
            notBefore = Instant.EPOCH;
        }
        open.computeIfAbsent(tp, k -> new ConcurrentSkipListSet<>()).add(r.offset());
        synchronized (waiting) {
            waiting.add(new Held(tp, r.offset(), notBefore, r.key(), r.value()));
        }
    }

    private void releaseDue() {
        Instant now = Instant.now();
        List<Held> due = new ArrayList<>();
        synchronized (waiting) {
            while (!waiting.isEmpty() && !waiting.peek().notBefore().isAfter(now)) {
                due.add(waiting.poll());
            }
        }
        for (Held h : due) {
            handOver.execute(() -> {
                Release sink = release;
                try {
                    if (sink == null) {
                        throw new IllegalStateException("nothing to hand over to yet");
                    }
                    sink.accept(h.key(), h.payload(), () -> finished(h));
                } catch (RuntimeException e) {
                    // Not finished: its offset stays open, and it is tried again shortly.
                    LOG.warnf("SD0406 held record %s@%d not handed over (%s); retried in %s", h.tp(), h.offset(),
                            e.getClass().getSimpleName(), RETRY_HAND_OVER);
                    synchronized (waiting) {
                        if (open.containsKey(h.tp())) {
                            waiting.add(new Held(h.tp(), h.offset(), Instant.now().plus(RETRY_HAND_OVER), h.key(),
                                    h.payload()));
                        }
                    }
                }
            });
        }
    }

    private void finished(Held h) {
        NavigableSet<Long> offsets = open.get(h.tp());
        if (offsets != null) {
            offsets.remove(h.offset());
        }
    }

    /** Commits each owned partition up to its oldest record still open, or its position when none is. */
    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            NavigableSet<Long> offsets = open.get(tp);
            long upTo = offsets == null || offsets.isEmpty() ? consumer.position(tp) : offsets.first();
            if (!Long.valueOf(upTo).equals(committed.get(tp))) {
                commits.put(tp, new OffsetAndMetadata(upTo));
            }
        }
        if (commits.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(commits);
            commits.forEach((tp, o) -> committed.put(tp, o.offset()));
        } else {
            consumer.commitAsync(commits, (done, e) -> {
                if (e == null) {
                    done.forEach((tp, o) -> committed.put(tp, o.offset()));
                }
            });
        }
    }

    /** On losing partitions: commit what is finished and forget what they held (the new owner re-reads it). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            try {
                commit(true);
            } catch (RuntimeException e) {
                LOG.warnf("SD0407 scheduled hold: commit on revoke failed (%s)", e.getClass().getSimpleName());
            }
            synchronized (waiting) {
                waiting.removeIf(h -> revoked.contains(h.tp()));
            }
            revoked.forEach(tp -> {
                open.remove(tp);
                committed.remove(tp);
            });
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            LOG.infof("SD0401 scheduled hold: %d partitions of %s assigned", assigned.size(), Topics.DISPATCH_SCHEDULED);
        }
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            // Kept past the longest hold (7 days) plus the longest validity (7 days).
            NewTopic topic = new NewTopic(Topics.DISPATCH_SCHEDULED, partitions, (short) Math.min(3, brokers))
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(15).toMillis())));
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.infof("SD0408 created topic %s", Topics.DISPATCH_SCHEDULED);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                // In a cluster with ACLs the topic is the chart's to create; use it as it is.
                LOG.infof("SD0409 not allowed to create %s; expecting it to exist", Topics.DISPATCH_SCHEDULED);
            } else if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + Topics.DISPATCH_SCHEDULED, e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot create " + Topics.DISPATCH_SCHEDULED, e);
        }
    }

    /**
     * A held record that will never be sent goes to {@code sms.sealed.dlq} with its reason, in the
     * headers SmallRye's dead-letter strategy writes for the records of {@code sms.sealed}, and, like
     * those, with its ids and reason only ({@link SealedDeadLetters}).
     */
    CompletableFuture<Void> deadLetter(String key, byte[] sealedRecord, Throwable why) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.dlq(Topics.SEALED), SealedDeadLetters.key(key),
                SealedDeadLetters.value(sealedRecord, String.valueOf(why.getMessage())));
        r.headers().add("dead-letter-reason", String.valueOf(why.getMessage()).getBytes(StandardCharsets.UTF_8));
        r.headers().add("dead-letter-cause", why.getClass().getName().getBytes(StandardCharsets.UTF_8));
        r.headers().add("dead-letter-topic", Topics.DISPATCH_SCHEDULED.getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(r, (md, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(null);
            }
        });
        return done;
    }
}
