package dev.sealedsms.policy.callback;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.Topics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Delivers status callbacks. Topics in: {@value Topics#RECEIPTS} and
 * {@value Topics#POLICY_CALLBACKS_RETRY}, in consumer group {@code sealed.callbacks.group}, so each
 * receipt is handled by one replica. Topic out: {@value Topics#POLICY_CALLBACKS_RETRY}.
 *
 * <p><b>Isolation.</b> Each client has its own lane: at most {@code perClientConcurrency} requests
 * in flight, each on its own virtual thread, and at most {@code perClientQueue} waiting; beyond that
 * a new callback goes straight to the retry topic. The consumer thread never waits for a client, so a
 * slow or failing endpoint delays only its own client's callbacks.
 *
 * <p><b>Durability.</b> A consumed offset is committed only once every callback at or below it is
 * settled: delivered, abandoned, not needed, or written to the retry topic and acknowledged
 * ({@link OffsetTracker}). A failed attempt is written to the retry topic with its next time
 * (exponential backoff with jitter, {@code retryInitial} doubling to {@code retryMax}); a retry record
 * is held in memory until due and committed once settled the same way. After {@code giveUpAfter}
 * from the first attempt a callback is abandoned. A restart or rebalance may repeat a callback, never
 * lose one: receivers deduplicate by {@code eventId}.
 */
public final class CallbackDeliverer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CallbackDeliverer.class);

    /** What became of an attempt or a callback, for metrics and the client's health. */
    public enum Outcome {
        /** The client answered 2xx. */
        DELIVERED,
        /** An attempt failed; another follows unless the callback is abandoned. */
        FAILED,
        /** Written to the retry topic. */
        RETRYING,
        /** Still failing after the retry period; no more attempts. */
        ABANDONED
    }

    /** Why an attempt failed: the stable codes {@code GET /v1/callbacks} shows. */
    enum Failure {
        HTTP_STATUS, TIMEOUT, CONNECT_FAILED, IO_ERROR, DESTINATION_NOT_ALLOWED;

        String code(Integer status) {
            return this == HTTP_STATUS ? "HTTP_" + status : name();
        }
    }

    /** Told of every outcome, on delivery threads. */
    public interface Outcomes {
        void record(String clientId, Outcome outcome, Integer httpStatus, String error);
    }

    /** Delivery settings, from {@link CallbackConfig}. */
    public record Settings(Duration timeout, int perClientConcurrency, int perClientQueue, Duration retryInitial,
            Duration retryMax, Duration giveUpAfter, int maxScheduled) {
    }

    private record Result(boolean ok, Integer status, String error) {
    }

    private final Settings settings;
    private final CallbackRegistry registry;
    private final CallbackSigner signer;
    private final CallbackUrls urls;
    private final Producer<String, byte[]> producer;
    private final Outcomes outcomes;
    private final KafkaConsumer<String, byte[]> consumer;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final OffsetTracker tracker = new OffsetTracker();
    private final AtomicInteger scheduled = new AtomicInteger();
    private final CountDownLatch firstAssignment = new CountDownLatch(1);
    private final Thread loop;
    private final Set<TopicPartition> pausedRetries = new HashSet<>();
    private Map<TopicPartition, OffsetAndMetadata> lastCommitted = Map.of();
    private volatile boolean running = true;

    public CallbackDeliverer(Map<String, Object> kafkaConfig, String group, Settings settings,
            CallbackRegistry registry, CallbackSigner signer, CallbackUrls urls, Producer<String, byte[]> producer,
            Outcomes outcomes) {
        this.settings = settings;
        this.registry = registry;
        this.signer = signer;
        this.urls = urls;
        this.producer = producer;
        this.outcomes = outcomes;
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts at the end: callbacks are for status changes from now on, not a replay.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "policy-callbacks-" + Long.toHexString(System.nanoTime()));
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "policy-callbacks-scheduler");
            t.setDaemon(true);
            return t;
        });
        loop = new Thread(this::run, "policy-callbacks");
        loop.setDaemon(true);
    }

    /** Joins the group and starts delivering; waits up to {@code wait} for the first assignment. */
    public CallbackDeliverer start(Duration wait) throws InterruptedException {
        loop.start();
        if (!firstAssignment.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warnf("SP0610 no callback partitions assigned after %s; delivery starts when they come", wait);
        }
        return this;
    }

    /** Callbacks waiting for their retry time on this replica. */
    public int scheduled() {
        return scheduled.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.RECEIPTS, Topics.POLICY_CALLBACKS_RETRY), new Rebalance());
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    tracker.track(tp, r.offset());
                    try {
                        if (r.topic().equals(Topics.RECEIPTS)) {
                            onReceipt(r, tp);
                        } else {
                            onRetry(r, tp);
                        }
                    } catch (RuntimeException e) {
                        LOG.errorf("SP0611 callback record %s-%d@%d not handled (%s); skipped", r.topic(),
                                r.partition(), r.offset(), e.getClass().getSimpleName());
                        tracker.settle(tp, r.offset());
                    }
                }
                commit(false);
                flowControl();
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("SP0612 callback consumer woken while running; callbacks stop");
            }
        } catch (RuntimeException e) {
            LOG.errorf("SP0612 callback consumer failed (%s); callbacks stop until restart", e.toString());
        } finally {
            try {
                commit(true);
            } catch (RuntimeException e) {
                LOG.warnf("SP0613 last callback commit failed (%s); some callbacks will be repeated",
                        e.getClass().getSimpleName());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void onReceipt(ConsumerRecord<String, byte[]> r, TopicPartition tp) {
        Receipt receipt = r.value() == null ? null : EventJson.read(r.value(), Receipt.class);
        if (receipt == null || receipt.clientId() == null || receipt.status() == null
                || registry.registration(receipt.clientId()) == null) {
            tracker.settle(tp, r.offset());
            return;
        }
        CallbackEvent event = CallbackEvent.of(receipt);
        String client = receipt.clientId();
        Instant now = Instant.now();
        Lane lane = lane(client);
        if (lane.waiting.get() >= settings.perClientQueue()) {
            // The client is far behind: park the callback durably instead of holding it in memory.
            handOff(new RetryRecord(RetryRecord.SCHEMA_VERSION, client, event, 0, now, now), tp, r.offset());
            return;
        }
        lane.submit(() -> attempt(client, event, 1, now, tp, r.offset()));
    }

    private void onRetry(ConsumerRecord<String, byte[]> r, TopicPartition tp) {
        RetryRecord retry = r.value() == null ? null : EventJson.read(r.value(), RetryRecord.class);
        if (retry == null || retry.clientId() == null || retry.event() == null) {
            tracker.settle(tp, r.offset());
            return;
        }
        long delay = retry.dueAt() == null ? 0 : Math.max(0, retry.dueAt().toEpochMilli() - System.currentTimeMillis());
        scheduled.incrementAndGet();
        scheduler.schedule(() -> {
            scheduled.decrementAndGet();
            lane(retry.clientId()).submit(() -> attempt(retry.clientId(), retry.event(), retry.attempts() + 1,
                    retry.firstAttemptAt() != null ? retry.firstAttemptAt() : Instant.now(), tp, r.offset()));
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** One attempt, on the client's lane; settles its offset or hands the callback on. */
    private void attempt(String client, CallbackEvent event, int attempt, Instant firstAttemptAt, TopicPartition tp,
            long offset) {
        CallbackRegistration registration = registry.registration(client);
        if (registration == null) {
            // Unregistered meanwhile: nobody to tell.
            tracker.settle(tp, offset);
            return;
        }
        Result result;
        try {
            result = post(registration, event, attempt);
        } catch (RuntimeException e) {
            // E.g. a stored URL that no longer parses: a failure like any other, retried and in time abandoned.
            result = new Result(false, null, Failure.IO_ERROR.code(null));
        }
        if (result.ok()) {
            outcomes.record(client, Outcome.DELIVERED, result.status(), null);
            tracker.settle(tp, offset);
            return;
        }
        outcomes.record(client, Outcome.FAILED, result.status(), result.error());
        Instant now = Instant.now();
        if (Duration.between(firstAttemptAt, now).compareTo(settings.giveUpAfter()) >= 0) {
            LOG.warnf("SP0614 callback for message %s of client %s abandoned after %d attempts over %s (last: %s)",
                    event.messageId(), client, attempt, settings.giveUpAfter(), result.error());
            outcomes.record(client, Outcome.ABANDONED, result.status(), result.error());
            tracker.settle(tp, offset);
            return;
        }
        LOG.debugf("SP0615 callback for message %s of client %s failed (%s), attempt %d", event.messageId(), client,
                result.error(), attempt);
        handOff(new RetryRecord(RetryRecord.SCHEMA_VERSION, client, event, attempt, firstAttemptAt,
                now.plus(backoff(attempt))), tp, offset);
    }

    /** Delay after the {@code attempt}-th failure: doubling from retryInitial up to retryMax, the upper half jittered. */
    Duration backoff(int attempt) {
        long initial = settings.retryInitial().toMillis();
        long max = settings.retryMax().toMillis();
        long d = attempt >= 40 ? max : Math.min(max, initial << Math.max(0, attempt - 1));
        long half = Math.max(1, d / 2);
        return Duration.ofMillis(d - half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** Writes a retry record; the source offset is settled once Kafka has it. */
    private void handOff(RetryRecord retry, TopicPartition tp, long offset) {
        producer.send(new ProducerRecord<>(Topics.POLICY_CALLBACKS_RETRY, retry.event().messageId(),
                EventJson.write(retry)), (metadata, e) -> {
                    if (e == null) {
                        outcomes.record(retry.clientId(), Outcome.RETRYING, null, null);
                        tracker.settle(tp, offset);
                    } else {
                        // Not settled, so not committed: try the hand-off again shortly.
                        LOG.errorf("SP0616 callback for message %s of client %s not written to %s (%s); trying again",
                                retry.event().messageId(), retry.clientId(), Topics.POLICY_CALLBACKS_RETRY,
                                e.getClass().getSimpleName());
                        if (running) {
                            scheduler.schedule(() -> handOff(retry, tp, offset), 5, TimeUnit.SECONDS);
                        }
                    }
                });
    }

    private Result post(CallbackRegistration registration, CallbackEvent event, int attempt) {
        URI uri = URI.create(registration.url());
        try {
            urls.checkAddresses(uri.getHost());
        } catch (CallbackUrls.NotAllowed e) {
            return new Result(false, null, Failure.DESTINATION_NOT_ALLOWED.code(null));
        }
        byte[] body = EventJson.write(event);
        String secret = signer.secret(registration.clientId(), registration.registrationId());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "SealedSMS-Callbacks/1")
                .header(CallbackSigner.HEADER, CallbackSigner.signature(secret, Instant.now().getEpochSecond(), body))
                .header("Sealed-Event-Id", event.eventId())
                .header("Sealed-Attempt", Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? new Result(true, status, null)
                    : new Result(false, status, Failure.HTTP_STATUS.code(status));
        } catch (HttpTimeoutException e) {
            return new Result(false, null, Failure.TIMEOUT.code(null));
        } catch (ConnectException e) {
            return new Result(false, null, Failure.CONNECT_FAILED.code(null));
        } catch (IOException e) {
            return new Result(false, null, Failure.IO_ERROR.code(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, null, Failure.IO_ERROR.code(null));
        }
    }

    private Lane lane(String client) {
        return lanes.computeIfAbsent(client, c -> new Lane(c, settings.perClientConcurrency()));
    }

    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
        offsets.keySet().retainAll(consumer.assignment());
        if (offsets.isEmpty() || offsets.equals(lastCommitted)) {
            return;
        }
        lastCommitted = offsets;
        if (sync) {
            consumer.commitSync(offsets);
        } else {
            consumer.commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    LOG.warnf("SP0617 callback offsets not committed (%s); retried with the next batch",
                            e.getClass().getSimpleName());
                    lastCommitted = Map.of();
                }
            });
        }
    }

    /** Too many retries waiting in memory: stop reading the retry topic (first attempts go on) until they drain. */
    private void flowControl() {
        int waiting = scheduled.get();
        if (waiting > settings.maxScheduled() && pausedRetries.isEmpty()) {
            for (TopicPartition tp : consumer.assignment()) {
                if (tp.topic().equals(Topics.POLICY_CALLBACKS_RETRY)) {
                    pausedRetries.add(tp);
                }
            }
            consumer.pause(pausedRetries);
            LOG.warnf("SP0618 %d callback retries waiting; reading of %s paused", waiting,
                    Topics.POLICY_CALLBACKS_RETRY);
        } else if (!pausedRetries.isEmpty() && waiting < settings.maxScheduled() * 9L / 10) {
            pausedRetries.retainAll(consumer.assignment());
            consumer.resume(pausedRetries);
            pausedRetries.clear();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
            offsets.keySet().retainAll(partitions);
            if (!offsets.isEmpty()) {
                consumer.commitSync(offsets);
            }
            tracker.forget(partitions);
            pausedRetries.removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            tracker.forget(partitions);
            pausedRetries.removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Pin the start of a new group now: a restart before the first receipt must not skip what came meanwhile.
            if (!partitions.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
                Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
                for (TopicPartition tp : partitions) {
                    if (committed.get(tp) == null) {
                        start.put(tp, new OffsetAndMetadata(consumer.position(tp)));
                    }
                }
                if (!start.isEmpty()) {
                    consumer.commitSync(start);
                }
            }
            firstAssignment.countDown();
        }
    }

    /** One client's queue: its callbacks wait here, never in another client's way. */
    private static final class Lane {
        private final String client;
        private final Semaphore inFlight;
        private final AtomicInteger waiting = new AtomicInteger();

        Lane(String client, int concurrency) {
            this.client = client;
            this.inFlight = new Semaphore(concurrency, true);
        }

        void submit(Runnable attempt) {
            waiting.incrementAndGet();
            Thread.ofVirtual().name("policy-callback-" + client).start(() -> {
                try {
                    inFlight.acquire();
                } catch (InterruptedException e) {
                    // Shutting down: the offset stays unsettled, so the callback is repeated after the restart.
                    waiting.decrementAndGet();
                    return;
                }
                waiting.decrementAndGet();
                try {
                    attempt.run();
                } catch (RuntimeException e) {
                    LOG.errorf("SP0619 callback attempt for client %s failed unexpectedly (%s)", client,
                            e.getClass().getSimpleName());
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        http.close();
    }
}
