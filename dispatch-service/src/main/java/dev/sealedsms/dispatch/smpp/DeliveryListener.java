package dev.sealedsms.dispatch.smpp;

import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;

/**
 * Hands every {@code deliver_sm} (receipts and MO) of one carrier's binds to one handler. The
 * deliver_sm_resp goes out when the handler returns; if it throws, the carrier gets that status
 * and sends the PDU again later, which is how a receipt or a STOP is never lost.
 */
final class DeliveryListener implements MessageReceiverListener {

    /** SMPP command_status ESME_RINVCMDID: we do not take data_sm. */
    private static final int ESME_RINVCMDID = 0x03;

    /** Takes one deliver_sm from {@code carrier}. */
    @FunctionalInterface
    public interface Handler {
        void accept(String carrier, DeliverSm deliverSm) throws ProcessRequestException;
    }

    private final String carrier;
    private final Handler handler;

    DeliveryListener(String carrier, Handler handler) {
        this.carrier = carrier;
        this.handler = handler;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
        handler.accept(carrier, deliverSm);
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
        // Alerts say a handset is reachable again; nothing waits for them.
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm not supported", ESME_RINVCMDID);
    }
}
