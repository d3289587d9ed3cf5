package dev.sealedsms.dispatch.receipts;

import dev.sealedsms.dispatch.config.SmppConfig;
import dev.sealedsms.dispatch.smpp.CarrierSession;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.InvalidDeliveryReceiptException;

/**
 * Matches delivery receipts to our messages by the carrier's message id, and turns them into
 * DELIVERED, UNDELIVERED or EXPIRED receipts.
 *
 * <p>The mapping lives in memory for now: a dispatch restart between submit and receipt loses the
 * match (the durable mapping is dispatch-service issue work). A receipt that overtakes its own
 * {@code submit_sm_resp} waits in {@code early} until the submit is recorded.
 */
@ApplicationScoped
public class ReceiptCorrelator {

    private static final Logger LOG = Logger.getLogger(ReceiptCorrelator.class);
    private static final short RECEIPTED_MESSAGE_ID = OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code();

    private record Outcome(ReceiptStatus status, String reason, String errorCode) {
    }

    private final ConcurrentHashMap<String, SealedMessage> submitted = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Outcome> early = new ConcurrentHashMap<>();
    private final ReceiptPublisher publisher;
    private final CarrierSession carrier;
    private final String carrierName;

    ReceiptCorrelator(ReceiptPublisher publisher, CarrierSession carrier, SmppConfig config) {
        this.publisher = publisher;
        this.carrier = carrier;
        this.carrierName = config.carrier();
    }

    void start(@Observes StartupEvent event) {
        carrier.onDeliver(this::onDeliver);
    }

    /** Records a submit so its receipt can be matched. */
    public void submitted(String carrierMessageId, SealedMessage m) {
        Outcome waiting = early.remove(carrierMessageId);
        if (waiting != null) {
            complete(m, carrierMessageId, waiting);
            return;
        }
        submitted.put(carrierMessageId, m);
        // A receipt may have arrived between the two lines above.
        Outcome raced = early.remove(carrierMessageId);
        if (raced != null && submitted.remove(carrierMessageId, m)) {
            complete(m, carrierMessageId, raced);
        }
    }

    /** Messages submitted and still waiting for their receipt. */
    public int pending() {
        return submitted.size();
    }

    void onDeliver(DeliverSm d) {
        if (!d.isSmscDeliveryReceipt()) {
            LOG.debug("SD0201 mobile-originated message ignored (MO handling not built yet)");
            return;
        }
        DeliveryReceipt dlr;
        try {
            dlr = d.getShortMessageAsDeliveryReceipt();
        } catch (InvalidDeliveryReceiptException e) {
            LOG.warn("SD0202 delivery receipt with unreadable text ignored");
            return;
        }
        String id = receiptedId(d, dlr);
        Outcome outcome = outcome(dlr);
        SealedMessage m = submitted.remove(id);
        if (m == null) {
            early.put(id, outcome);
            LOG.debugf("SD0203 receipt for carrier id %s before its submit was recorded; holding it", id);
            return;
        }
        complete(m, id, outcome);
    }

    private void complete(SealedMessage m, String carrierId, Outcome o) {
        Receipt r = Receipt.of(m, o.status(), Instant.now(), o.reason(), o.errorCode(), carrierName, carrierId);
        publisher.publish(r).subscribe().with(
                ok -> LOG.debugf("SD0204 message %s tenant %s: %s", m.messageId(), m.tenant(), o.status()),
                e -> LOG.errorf("SD0205 message %s tenant %s: %s receipt not written (%s)", m.messageId(),
                        m.tenant(), o.status(), e.getClass().getSimpleName()));
    }

    private static String receiptedId(DeliverSm d, DeliveryReceipt dlr) {
        OptionalParameter tlv = d.getOptionalParameter(RECEIPTED_MESSAGE_ID);
        if (tlv instanceof OptionalParameter.COctetString s) {
            return s.getValueAsString();
        }
        if (tlv instanceof OptionalParameter.OctetString s) {
            return s.getValueAsString().replace("\0", "");
        }
        return dlr.getId();
    }

    private static Outcome outcome(DeliveryReceipt dlr) {
        DeliveryReceiptState state = dlr.getFinalStatus();
        String err = dlr.getError();
        if (state == DeliveryReceiptState.DELIVRD) {
            return new Outcome(ReceiptStatus.DELIVERED, null, null);
        }
        if (state == DeliveryReceiptState.EXPIRED) {
            return new Outcome(ReceiptStatus.EXPIRED, "CARRIER_EXPIRED", err);
        }
        return new Outcome(ReceiptStatus.UNDELIVERED, "CARRIER_" + state.name(), err);
    }
}
