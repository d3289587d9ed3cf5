package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.dispatch.config.SmppConfig;
import dev.sealedsms.dispatch.opening.EnvelopeOpener;
import dev.sealedsms.dispatch.receipts.ReceiptCorrelator;
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
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Opens each sealed message and submits it to the carrier. Channel: {@value #SEALED_IN} ←
 * {@code sms.sealed}; receipts through {@link ReceiptPublisher}.
 *
 * <p>Outcomes, decided here and nowhere else:
 * <ul>
 * <li>submitted: SUBMITTED receipt; the record is acknowledged once that receipt is durable;
 * <li>past its validity: EXPIRED receipt, never submitted;
 * <li>tampered envelope, missing or destroyed key, carrier's permanent refusal: FAILED receipt,
 * then the record goes to {@code sms.sealed.dlq} with the reason (except a carrier refusal, which
 * is an outcome, not a bad record);
 * <li>Vault or carrier temporarily unavailable: retried with backoff while the record is held.
 * </ul>
 */
@ApplicationScoped
public class DispatchProcessor {

    public static final String SEALED_IN = "sealed-in";

    private static final Logger LOG = Logger.getLogger(DispatchProcessor.class);

    private final EnvelopeOpener opener;
    private final CarrierSession carrier;
    private final ReceiptCorrelator correlator;
    private final ReceiptPublisher receipts;
    private final Backoff backoff;
    private final String carrierName;

    DispatchProcessor(EnvelopeOpener opener, CarrierSession carrier, ReceiptCorrelator correlator,
            ReceiptPublisher receipts, SmppConfig smpp) {
        this.opener = opener;
        this.carrier = carrier;
        this.correlator = correlator;
        this.receipts = receipts;
        this.backoff = new Backoff(smpp.retryInitial(), smpp.retryMax());
        this.carrierName = smpp.carrier();
    }

    @Incoming(SEALED_IN)
    @Blocking(ordered = false)
    public void dispatch(byte[] value) {
        SealedMessage m = EventJson.read(value, SealedMessage.class);
        if (m.messageId() == null || m.tenant() == null || m.keyName() == null || m.wrappedKey() == null
                || m.senderId() == null) {
            throw new MalformedEventException(
                    "malformed SealedMessage: messageId, tenant, senderId, keyName and wrappedKey are required");
        }
        if (m.notAfter() != null && m.notAfter().isBefore(Instant.now())) {
            LOG.infof("SD0001 message %s tenant %s expired before submit", m.messageId(), m.tenant());
            publish(Receipt.of(m, ReceiptStatus.EXPIRED, Instant.now(), "VALIDITY_PASSED", null, null, null));
            return;
        }
        SealedContent content = open(m);
        submit(m, content);
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

    private void submit(SealedMessage m, SealedContent content) {
        for (int attempt = 1;; attempt++) {
            try {
                String carrierId = carrier.submit(m, content);
                correlator.submitted(carrierId, m);
                publish(Receipt.of(m, ReceiptStatus.SUBMITTED, Instant.now(), null, null, carrierName, carrierId));
                return;
            } catch (SubmitException e) {
                if (e.kind() == SubmitException.Kind.PERMANENT) {
                    LOG.infof("SD0003 message %s tenant %s refused by carrier %s: %s", m.messageId(), m.tenant(),
                            carrierName, e.errorCode());
                    publish(Receipt.of(m, ReceiptStatus.FAILED, Instant.now(), "CARRIER_REJECTED", e.errorCode(),
                            carrierName, null));
                    return;
                }
                LOG.warnf("SD0004 message %s tenant %s: %s, attempt %d", m.messageId(), m.tenant(), e.getMessage(),
                        attempt);
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

    /** A sealed record that will never be sent; it goes to the dead-letter topic with this reason. */
    public static class DispatchFailedException extends RuntimeException {
        public DispatchFailedException(String reason) {
            super(reason, null, false, false);
        }
    }
}
