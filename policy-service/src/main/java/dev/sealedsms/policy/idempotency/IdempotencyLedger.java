package dev.sealedsms.policy.idempotency;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.policy.kafka.TopicFollower;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The Idempotency-Keys of all replicas, kept in one Kafka topic ({@code sms.policy.idempotency},
 * delete policy, retention = the key's lifetime). A replica that meets a key it has not seen
 * <em>claims</em> it by appending a claim record and reading the topic up to it: the first live
 * claim of a key in the log wins, the same answer on every replica because they all read the same
 * partition in the same order. The winner runs the request and appends its <em>answer</em>; the
 * others wait for that answer (same request) or refuse (another request). A winner whose answer is
 * not final (429, 503) appends a <em>release</em>, so a retry is decided anew. A claim with no
 * answer after {@code lease} (its replica died) may be claimed over.
 *
 * <p>Records are keyed by a SHA-256 of client and key; they hold the request's fingerprint and the
 * HTTP answer (status, media type, JSON), never a body or a number. Plain Java; see DESIGN.md.
 */
public final class IdempotencyLedger implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IdempotencyLedger.class);

    private final String topic;
    private final Duration lease;
    private final Duration ttl;
    private final int maxKeys;
    private final LongSupplier clock;
    private final KafkaProducer<String, byte[]> producer;
    private final TopicFollower follower;
    /** Guarded by {@code this}; insertion order = claim order, so the oldest are at the front. */
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    /** Guarded by {@code this}: per partition, the offset after the last record applied. */
    private final Map<Integer, Long> applied = new HashMap<>();

    /** An HTTP answer as it is replayed: status, media type and the JSON entity. */
    public record Answer(int status, String mediaType, String json, Long retryAfterSeconds) {
    }

    /**
     * The live claim of a key.
     *
     * @param claim       the winning claim's id
     * @param fingerprint the request it was made for
     * @param claimedAt   its record timestamp (ms)
     * @param answer      the winner's answer, null while it runs
     */
    public record Slot(String claim, String fingerprint, long claimedAt, Answer answer) {
    }

    /** One record of the topic. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String type, String claim, String fingerprint, Answer answer) {
        static final String CLAIM = "claim";
        static final String ANSWER = "answer";
        static final String RELEASE = "release";
    }

    public IdempotencyLedger(String bootstrapServers, String topic, Duration lease, Duration ttl, int maxKeys) {
        this(bootstrapServers, topic, lease, ttl, maxKeys, System::currentTimeMillis);
    }

    IdempotencyLedger(String bootstrapServers, String topic, Duration lease, Duration ttl, int maxKeys,
            LongSupplier clock) {
        this.topic = topic;
        this.lease = lease;
        this.ttl = ttl;
        this.maxKeys = maxKeys;
        this.clock = clock;
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "policy-idempotency-" + Long.toHexString(System.nanoTime())),
                new StringSerializer(), new ByteArraySerializer());
        follower = new TopicFollower(bootstrapServers, topic, "idempotency ledger", this::apply);
    }

    /** Reads the keys of the last {@code ttl}, then follows the topic. */
    public IdempotencyLedger start(Duration maxCatchUp) {
        follower.start(clock.getAsLong() - ttl.toMillis(), maxCatchUp);
        return this;
    }

    /** False once the reader has stopped: claims could no longer be decided. */
    public boolean healthy() {
        return !follower.failed();
    }

    /** The record key of {@code client}'s {@code key}: a hash, so keys never appear in the topic. */
    public static String id(String client, String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((client + "\n" + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** The outcome of {@link #claim}: the live slot of the key, and whether this call's claim is it. */
    public record Claimed(Slot slot, boolean mine) {
    }

    /**
     * Claims {@code id} for a request with {@code fingerprint}, or finds who holds it. Blocks for one
     * durable write and for the reader to reach it.
     *
     * @throws TimeoutException when the write or the read-back takes longer than {@code wait}
     */
    public Claimed claim(String id, String fingerprint, Duration wait)
            throws TimeoutException, InterruptedException {
        synchronized (this) {
            Slot live = live(id);
            if (live != null) {
                return new Claimed(live, false);
            }
        }
        String claim = UUID.randomUUID().toString();
        RecordMetadata written = write(id, new Entry(Entry.CLAIM, claim, fingerprint, null), wait);
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (applied.getOrDefault(written.partition(), 0L) <= written.offset()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("idempotency ledger did not read back its claim within " + wait);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            Slot winner = slots.get(id);
            if (winner == null) {
                // Only when the claim expired before it was read (a clock far behind the log): treat as lost.
                throw new TimeoutException("idempotency claim expired before it was read back");
            }
            return new Claimed(winner, winner.claim().equals(claim));
        }
    }

    /**
     * Waits until the holder of {@code claim} on {@code id} answers or gives the key up.
     *
     * @return the answered slot, or null when the claim was released or lapsed (claim again)
     * @throws TimeoutException when neither happens within {@code wait}
     */
    public Slot awaitAnswer(String id, String claim, Duration wait) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (true) {
                Slot s = live(id);
                if (s == null || !s.claim().equals(claim)) {
                    return null;
                }
                if (s.answer() != null) {
                    return s;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no answer for an Idempotency-Key held by another request");
                }
                // Wake up at the latest when the lease would lapse.
                long leaseLeft = TimeUnit.MILLISECONDS.toNanos(s.claimedAt() + lease.toMillis() - clock.getAsLong());
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1_000_000, Math.min(left, leaseLeft)));
            }
        }
    }

    /** Records the final answer of the winning {@code claim}. */
    public void answer(String id, String claim, String fingerprint, Answer answer, Duration wait)
            throws TimeoutException, InterruptedException {
        write(id, new Entry(Entry.ANSWER, claim, fingerprint, answer), wait);
    }

    /** Gives {@code id} up: the answer was not final, a retry is decided anew. */
    public void release(String id, String claim, Duration wait) throws TimeoutException, InterruptedException {
        write(id, new Entry(Entry.RELEASE, claim, null, null), wait);
    }

    /** Keys held now. */
    public synchronized int size() {
        return slots.size();
    }

    private RecordMetadata write(String id, Entry entry, Duration wait) throws TimeoutException, InterruptedException {
        byte[] value;
        try {
            value = EventJson.mapper().writeValueAsBytes(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an idempotency record", e);
        }
        try {
            return producer.send(new ProducerRecord<>(topic, null, clock.getAsLong(), id, value))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TimeoutException("idempotency ledger write failed: " + e.getCause().getClass().getSimpleName());
        }
    }

    /** The slot of {@code id} if a claim still holds it now. Caller holds the lock. */
    private Slot live(String id) {
        Slot s = slots.get(id);
        if (s == null) {
            return null;
        }
        long age = clock.getAsLong() - s.claimedAt();
        if (age > ttl.toMillis() || (s.answer() == null && age > lease.toMillis())) {
            return null;
        }
        return s;
    }

    private void apply(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        synchronized (this) {
            for (ConsumerRecord<String, byte[]> r : records) {
                applied.put(r.partition(), r.offset() + 1);
                if (r.key() == null || r.value() == null) {
                    continue;
                }
                Entry e;
                try {
                    e = EventJson.mapper().readValue(r.value(), Entry.class);
                } catch (IOException ex) {
                    LOG.warnf("SP0501 idempotency ledger: record %d/%d is not an entry; skipped", r.partition(),
                            r.offset());
                    continue;
                }
                applyEntry(r.key(), e, r.timestamp());
            }
            evict();
            notifyAll();
        }
    }

    /** The rules every replica applies in log order; deterministic given the log. Caller holds the lock. */
    private void applyEntry(String id, Entry e, long at) {
        Slot current = slots.get(id);
        switch (e.type()) {
            case Entry.CLAIM -> {
                boolean free = current == null
                        || at - current.claimedAt() > ttl.toMillis()
                        || (current.answer() == null && at - current.claimedAt() > lease.toMillis());
                if (free && e.claim() != null && e.fingerprint() != null) {
                    slots.remove(id);
                    slots.put(id, new Slot(e.claim(), e.fingerprint(), at, null));
                }
            }
            case Entry.ANSWER -> {
                if (current != null && current.claim().equals(e.claim()) && e.answer() != null) {
                    slots.put(id, new Slot(current.claim(), current.fingerprint(), current.claimedAt(), e.answer()));
                }
            }
            case Entry.RELEASE -> {
                if (current != null && current.claim().equals(e.claim())) {
                    slots.remove(id);
                }
            }
            default -> LOG.warnf("SP0502 idempotency ledger: unknown record type; skipped");
        }
    }

    /** Drops expired keys and the oldest beyond {@code maxKeys}. Caller holds the lock. */
    private void evict() {
        long now = clock.getAsLong();
        Iterator<Slot> it = slots.values().iterator();
        while (it.hasNext()) {
            Slot s = it.next();
            if (slots.size() > maxKeys || now - s.claimedAt() > ttl.toMillis()) {
                it.remove();
            } else {
                return;
            }
        }
    }

    @Override
    public void close() {
        follower.close();
        producer.close(Duration.ofSeconds(5));
    }
}
