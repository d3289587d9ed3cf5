package dev.sealedsms.dispatch.smpp;

import java.util.function.Consumer;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;

/** Hands every {@code deliver_sm} (receipts, and later MO) to one handler; the rest is not used. */
final class DeliveryListener implements MessageReceiverListener {

    /** SMPP command_status ESME_RINVCMDID: we do not take data_sm. */
    private static final int ESME_RINVCMDID = 0x03;

    private final Consumer<DeliverSm> handler;

    DeliveryListener(Consumer<DeliverSm> handler) {
        this.handler = handler;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) {
        handler.accept(deliverSm);
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
