package dev.sealedsms.crypto.messaging;

import dev.sealedsms.crypto.metrics.CryptoMetrics;
import dev.sealedsms.crypto.sealing.Sealer;
import dev.sealedsms.envelope.Backoff;
import dev.sealedsms.envelope.TransitException;
import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.MalformedEventException;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Seals every approved message. Channels: {@value #APPROVED_IN} ← {@code sms.approved},
 * {@value #SEALED_OUT} → {@code sms.sealed}, {@value #RECEIPTS_OUT} → {@code sms.receipts}
 * (FAILED only).
 *
 * <p>Failures, told apart in one place:
 * <ul>
 * <li>Vault unavailable: retried with backoff while the record is held, so consumption stops
 * (backpressure: the connector pauses the partitions once its in-flight buffer is full) and
 * nothing is lost; the service reports not-ready ({@link VaultOutage}) and resumes by itself.
 * <li>A record whose fields break {@link ApprovedRecordCheck} (sender, E.164, controls, segments):
 * REJECTED receipt ({@code RECORD_INVALID}) and {@code sms.approved.dlq} with the field named.
 * <li>A malformed record, or a tenant without a key: permanent. A FAILED receipt is written when
 * the message id is known, then the record is nacked, which sends it to {@code sms.approved.dlq}
 * with the reason in its headers.
 * </ul>
 * The incoming record is acknowledged only once the sealed record is acknowledged.
 */
@ApplicationScoped
public class SealingProcessor {

    public static final String APPROVED_IN = "approved-in";
    public static final String SEALED_OUT = "sealed-out";
    public static final String RECEIPTS_OUT = "receipts-out";

    private static final Logger LOG = Logger.getLogger(SealingProcessor.class);

    @Inject
    Sealer sealer;

    @Inject
    Backoff backoff;

    @Inject
    CryptoMetrics metrics;

    @Inject
    @Readiness
    VaultOutage outage;

    @Inject
    @Channel(RECEIPTS_OUT)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<Receipt> receipts;

    @Incoming(APPROVED_IN)
    @Outgoing(SEALED_OUT)
    @Blocking(ordered = false)
    public Record<String, SealedMessage> seal(byte[] value) {
        ApprovedMessage m = EventJson.read(value, ApprovedMessage.class);
        if (m.schemaVersion() != ApprovedMessage.SCHEMA_VERSION) {
            // Another major version (or none): not ours to read as v1 (docs/contract.md).
            throw new MalformedEventException("UNSUPPORTED_SCHEMA_VERSION: schemaVersion " + m.schemaVersion()
                    + ", this consumer reads " + ApprovedMessage.SCHEMA_VERSION);
        }
        if (m.messageId() == null || m.tenant() == null || m.recipient() == null || m.body() == null) {
            throw new MalformedEventException("malformed ApprovedMessage: messageId, tenant, recipient and body are required");
        }
        java.util.Optional<String> invalid = ApprovedRecordCheck.problem(m);
        if (invalid.isPresent()) {
            reject(m, invalid.get());
            throw new MalformedEventException("invalid ApprovedMessage: " + invalid.get());
        }
        boolean held = false;
        try {
            for (int attempt = 1;; attempt++) {
                long started = System.nanoTime();
                try {
                    SealedMessage sealed = sealer.seal(m);
                    metrics.sealed(m.tenant(), System.nanoTime() - started);
                    LOG.debugf("SC0001 message %s tenant %s sealed under %s v%d", m.messageId(), m.tenant(),
                            sealed.keyName(), sealed.keyVersion());
                    return Record.of(m.messageId(), sealed);
                } catch (TransitException e) {
                    if (!e.retryable()) {
                        String reason = e.kind() == TransitException.Kind.KEY_MISSING ? "KEY_MISSING" : "SEAL_FAILED";
                        fail(m, reason);
                        throw new SealingFailedException(reason + ": " + e.getMessage());
                    }
                    if (!held) {
                        held = true;
                        outage.holding();
                    }
                    // The same message, with the same id, is retried: it is sealed once, whenever Vault is back.
                    // First attempt and every tenth at WARN: an outage holds many records at once.
                    LOG.logf(attempt == 1 || attempt % 10 == 0 ? Logger.Level.WARN : Logger.Level.DEBUG,
                            "SC0002 message %s tenant %s: Vault unavailable (%s), attempt %d; holding the record",
                            m.messageId(), m.tenant(), e.getMessage(), attempt);
                    backoff.pause(attempt);
                }
            }
        } finally {
            if (held) {
                outage.released();
            }
        }
    }

    private void fail(ApprovedMessage m, String reason) {
        LOG.errorf("SC0003 message %s tenant %s cannot be sealed: %s", m.messageId(), m.tenant(), reason);
        Receipt failed = Receipt.of(m, ReceiptStatus.FAILED, Instant.now(), reason);
        receipts.sendMessageAndAwait(Message.of(failed)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(m.messageId()).build()));
        metrics.failed(m.tenant(), reason);
    }

    /**
     * A record whose fields fail {@link ApprovedRecordCheck}: REJECTED ({@code RECORD_INVALID}) when its
     * id has an id's form, so the client learns the message will not go; the reason stays in the dead letter.
     */
    private void reject(ApprovedMessage m, String problem) {
        LOG.errorf("SC0004 message %s refused before sealing: %s", ApprovedRecordCheck.receiptable(m) ? m.messageId()
                : "<not an id>", problem);
        metrics.rejected("RECORD_INVALID");
        if (!ApprovedRecordCheck.receiptable(m)) {
            return; // its id, client or tenant cannot go into a receipt as written
        }
        Receipt rejected = new Receipt(Receipt.SCHEMA_VERSION, m.messageId(), m.tenant(), m.clientId(),
                ReceiptStatus.REJECTED, Instant.now(), "RECORD_INVALID", null, null, null, null, null,
                ApprovedRecordCheck.country(m), null, m.acceptedAt(), null);
        receipts.sendMessageAndAwait(Message.of(rejected)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(m.messageId()).build()));
    }

    /** A message that will never be sealed; the record goes to the dead-letter topic with this reason. */
    public static class SealingFailedException extends RuntimeException {
        public SealingFailedException(String reason) {
            super(reason, null, false, false);
        }
    }
}
