package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.dispatch.config.SmppConfig;
import dev.sealedsms.dispatch.opening.EnvelopeOpener;
import dev.sealedsms.dispatch.receipts.CorrelationStore;
import dev.sealedsms.dispatch.receipts.ReceiptPublisher;
import dev.sealedsms.dispatch.smpp.CarrierSession;
import dev.sealedsms.dispatch.smpp.SubmitException;
import dev.sealedsms.envelope.Backoff;
import dev.sealedsms.envelope.EnvelopeTamperedException;
import dev.sealedsms.envelope.TransitException;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.MalformedEventException;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedContent;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.TextEncoding;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Opens each sealed message and hands it to the carriers. Channel: {@value #SEALED_IN} ←
 * {@code sms.sealed}; receipts through {@link ReceiptPublisher}.
 *
 * <p>A worker thread (unordered: records do not wait for each other) only parses, opens (Vault,
 * cached) and hands over; the submit runs
 * asynchronously and the record is acknowledged when its outcome is durable. Records are therefore
 * acknowledged out of order: the Kafka connector's throttled commit strategy commits each
 * partition up to the oldest record not yet acknowledged, so a throttled message retrying never
 * stops the partition, and a crash redelivers only what had no durable outcome. At most
 * {@code sealed.smpp.max-in-flight} records are held; beyond that the worker waits.
 *
 * <p>Outcomes, decided here and nowhere else:
 * <ul>
 * <li>already submitted (its correlation record or tombstone exists): acknowledged, not submitted again;
 * <li>submitted: correlation record, then SUBMITTED receipt, then acknowledgement;
 * <li>past its validity, before or while retrying: EXPIRED receipt, never submitted;
 * <li>tampered envelope, missing or destroyed key: FAILED receipt and {@code sms.sealed.dlq};
 * <li>carrier's permanent refusal: FAILED ({@code CARRIER_REJECTED}, SMPP status), an outcome, not a bad record;
 * <li>Vault unavailable: retried with backoff while the consuming thread waits.
 * </ul>
 */
@ApplicationScoped
public class DispatchProcessor {

    public static final String SEALED_IN = "sealed-in";

    private static final Logger LOG = Logger.getLogger(DispatchProcessor.class);
    private static final Duration CAPACITY_WAIT = Duration.ofSeconds(1);

    private final EnvelopeOpener opener;
    private final CarrierSession carriers;
    private final CorrelationStore store;
    private final ReceiptPublisher receipts;
    private final Backoff backoff;
    private final Semaphore inFlight;
    private final Map<TopicPartition, AtomicInteger> inFlightByPartition = new ConcurrentHashMap<>();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final ScheduledHold hold;
    private final Duration defaultValidity;

    DispatchProcessor(EnvelopeOpener opener, CarrierSession carriers, CorrelationStore store,
            ReceiptPublisher receipts, SmppConfig smpp, ScheduledHold hold) {
        this.hold = hold;
        hold.releaseTo(this::released);
        this.opener = opener;
        this.carriers = carriers;
        this.store = store;
        this.receipts = receipts;
        this.backoff = new Backoff(smpp.retryInitial(), smpp.retryMax());
        this.inFlight = new Semaphore(smpp.maxInFlight());
        this.defaultValidity = smpp.defaultValidity();
    }

    /** Created at start-up, not at the first sms.sealed record: held records may fall due before one comes. */
    void init(@Observes StartupEvent event) {
        LOG.debugf("SD0010 dispatch ready; releases of held messages come here");
    }

    /** Redelivered records recognised as already submitted, and so not submitted again. */
    public long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }

    /** Records of {@code partitions} handed over and not yet acknowledged. */
    int inFlight(Collection<TopicPartition> partitions) {
        return partitions.stream().mapToInt(p -> inFlightByPartition.getOrDefault(p, new AtomicInteger()).get()).sum();
    }

    @Incoming(SEALED_IN)
    @Blocking(ordered = false)
    public CompletionStage<Void> dispatch(Message<byte[]> record) {
        store.awaitLoaded();
        SealedMessage m;
        try {
            m = EventJson.read(record.getPayload(), SealedMessage.class);
            if (m.schemaVersion() != SealedMessage.SCHEMA_VERSION) {
                // Another major version (or none): not ours to read as v1 (docs/contract.md).
                throw new MalformedEventException("UNSUPPORTED_SCHEMA_VERSION: schemaVersion " + m.schemaVersion()
                        + ", this consumer reads " + SealedMessage.SCHEMA_VERSION);
            }
            if (m.messageId() == null || m.tenant() == null || m.keyName() == null || m.wrappedKey() == null
                    || m.senderId() == null) {
                throw new MalformedEventException(
                        "malformed SealedMessage: messageId, tenant, senderId, keyName and wrappedKey are required");
            }
        } catch (MalformedEventException e) {
            return record.nack(e);
        }
        if (store.completed(m.messageId()) || store.inFlight(m.messageId())) {
            duplicatesSkipped.incrementAndGet();
            LOG.infof("SD0007 message %s tenant %s was already submitted; not submitted again", m.messageId(),
                    m.tenant());
            return record.ack();
        }
        if (m.notAfter() != null && m.notAfter().isBefore(Instant.now())) {
            LOG.infof("SD0001 message %s tenant %s expired before submit", m.messageId(), m.tenant());
            publish(Receipt.of(m, ReceiptStatus.EXPIRED, Instant.now(), "VALIDITY_PASSED", null, null, null));
            return record.ack();
        }
        if (m.notBefore() != null && m.notBefore().isAfter(Instant.now())) {
            // Not yet: held sealed, unopened, until it is due (ScheduledHold); this record is done once the hold is durable.
            Iterable<org.apache.kafka.common.header.Header> headers = record
                    .getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(md -> (Iterable<org.apache.kafka.common.header.Header>) md.getHeaders())
                    .orElse(java.util.List.of());
            hold.hold(m, record.getPayload(), headers).whenComplete((ok, err) -> {
                if (err == null) {
                    LOG.infof("SD0008 message %s tenant %s held until %s", m.messageId(), m.tenant(), m.notBefore());
                    record.ack();
                } else {
                    // Left unacknowledged: redelivered after a restart.
                    LOG.errorf("SD0009 message %s tenant %s: hold not recorded (%s)", m.messageId(), m.tenant(),
                            err.getClass().getSimpleName());
                }
            });
            return CompletableFuture.completedFuture(null);
        }
        SealedContent content;
        try {
            content = open(m);
        } catch (DispatchFailedException e) {
            return record.nack(e);
        }
        carriers.awaitCapacity(CAPACITY_WAIT);
        inFlight.acquireUninterruptibly();
        TopicPartition tp = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(md -> new TopicPartition(md.getTopic(), md.getPartition())).orElse(null);
        AtomicInteger counter = tp == null ? new AtomicInteger()
                : inFlightByPartition.computeIfAbsent(tp, k -> new AtomicInteger());
        counter.incrementAndGet();
        carriers.submit(m, content, (carrier, part, carrierId) -> store.expect(m.messageId(), carrier, part, carrierId))
                .whenComplete((s, err) -> {
                    if (err != null) {
                        store.abandon(m.messageId());
                    }
                })
                .thenCompose(s -> {
                    // Registered before the correlation is visible, so no terminal receipt overtakes SUBMITTED.
                    CompletableFuture<Void> announced = new CompletableFuture<>();
                    store.announcing(m.messageId(), announced);
                    CompletableFuture<Void> done = store.submitted(m, s.carrier(), s.encoding(), s.carrierMessageIds(), defaultValidity)
                            .thenCompose(v -> publishAsync(receipt(m, ReceiptStatus.SUBMITTED, null, null, s.carrier(),
                                    s.carrierMessageIds().get(0), s.segments(), s.encoding())));
                    done.whenComplete((v, e) -> announced.complete(null));
                    return done;
                })
                .handle((ok, err) -> err == null ? CompletableFuture.<Void>completedFuture(null) : outcome(m, err))
                .thenCompose(f -> f)
                .whenComplete((ok, err) -> {
                    counter.decrementAndGet();
                    inFlight.release();
                    if (err == null) {
                        record.ack();
                    } else {
                        // Left unacknowledged: redelivered after a restart, where the correlation store decides.
                        LOG.errorf("SD0006 message %s tenant %s: outcome not recorded (%s)", m.messageId(), m.tenant(),
                                rootCause(err).getClass().getSimpleName());
                    }
                });
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A held record that is now due takes the path of a fresh one; {@code done} runs when it has
     * its outcome (submitted, a receipt, or its dead-letter record).
     */
    private void released(String key, byte[] sealedRecord, Runnable done) {
        Message<byte[]> record = Message.of(sealedRecord, () -> {
            done.run();
            return CompletableFuture.completedFuture(null);
        }, reason -> hold.deadLetter(key, sealedRecord, reason).thenRun(done));
        dispatch(record);
    }

    /** The receipt for a submit that did not succeed. */
    private CompletableFuture<Void> outcome(SealedMessage m, Throwable err) {
        if (rootCause(err) instanceof SubmitException e) {
            if (e.kind() == SubmitException.Kind.EXPIRED) {
                LOG.infof("SD0001 message %s tenant %s expired while waiting to be submitted", m.messageId(), m.tenant());
                return publishAsync(Receipt.of(m, ReceiptStatus.EXPIRED, Instant.now(), "VALIDITY_PASSED", null, null,
                        null));
            }
            LOG.infof("SD0003 message %s tenant %s refused by the carrier: %s", m.messageId(), m.tenant(), e.errorCode());
            return publishAsync(Receipt.of(m, ReceiptStatus.FAILED, Instant.now(), "CARRIER_REJECTED", e.errorCode(),
                    carriers.defaultCarrier(), null));
        }
        return CompletableFuture.failedFuture(err);
    }

    private static Throwable rootCause(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Receipt receipt(SealedMessage m, ReceiptStatus status, String reason, String errorCode,
            String carrier, String carrierId, int segments, TextEncoding encoding) {
        return new Receipt(Receipt.SCHEMA_VERSION, m.messageId(), m.tenant(), m.clientId(), status, Instant.now(),
                reason, errorCode, carrier, carrierId, segments, encoding, m.country(), m.recipientToken(),
                m.acceptedAt());
    }

    private SealedContent open(SealedMessage m) {
        for (int attempt = 1;; attempt++) {
            try {
                return opener.open(m);
            } catch (EnvelopeTamperedException e) {
                throw fail(m, "ENVELOPE_TAMPERED", e.getMessage());
            } catch (TransitException e) {
                if (e.kind() == TransitException.Kind.KEY_MISSING) {
                    throw fail(m, "KEY_DESTROYED", e.getMessage());
                }
                if (!e.retryable()) {
                    throw fail(m, "KEY_UNAVAILABLE", e.getMessage());
                }
                LOG.warnf("SD0002 message %s tenant %s: Vault unavailable (%s), attempt %d", m.messageId(),
                        m.tenant(), e.getMessage(), attempt);
                backoff.pause(attempt);
            }
        }
    }

    /** Writes the FAILED receipt, then returns the exception that sends the record to the dead-letter topic. */
    private DispatchFailedException fail(SealedMessage m, String reason, String detail) {
        LOG.errorf("SD0005 message %s tenant %s not sent: %s (%s)", m.messageId(), m.tenant(), reason, detail);
        publish(Receipt.of(m, ReceiptStatus.FAILED, Instant.now(), reason, null, null, null));
        return new DispatchFailedException(reason + ": " + detail);
    }

    private void publish(Receipt r) {
        receipts.publish(r).await().indefinitely();
    }

    private CompletableFuture<Void> publishAsync(Receipt r) {
        return receipts.publish(r).subscribeAsCompletionStage().toCompletableFuture();
    }

    /** A sealed record that will never be sent; it goes to the dead-letter topic with this reason. */
    public static class DispatchFailedException extends RuntimeException {
        public DispatchFailedException(String reason) {
            super(reason, null, false, false);
        }
    }
}
