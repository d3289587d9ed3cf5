package dev.sealedsms.simulator.smsc;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

/** A real jSMPP client bound to a simulator, collecting the deliver_sm it receives. */
public final class TestEsme implements AutoCloseable {

    private static final long CLOSE_TIMEOUT_MS = 200;

    private final SMPPSession session = new SMPPSession();
    private final BlockingQueue<DeliverSm> delivered = new LinkedBlockingQueue<>();

    private TestEsme() {
        session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm deliverSm) {
                delivered.add(deliverSm);
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification alertNotification) {
                // not used by the simulator
            }

            @Override
            public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
                throw new ProcessRequestException("data_sm not expected", SMPPConstant.STAT_ESME_RINVCMDID);
            }
        });
    }

    public static TestEsme bind(int port, BindType type, String systemId, String password) throws IOException {
        return bind(port, type, systemId, password, session -> { });
    }

    /** Binds after {@code beforeBind} has tuned the session (timers apply from the bind on). */
    public static TestEsme bind(int port, BindType type, String systemId, String password,
            Consumer<SMPPSession> beforeBind) throws IOException {
        TestEsme esme = new TestEsme();
        beforeBind.accept(esme.session);
        esme.session.connectAndBind("127.0.0.1", port, new BindParameter(type, systemId, password, "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 2_000);
        return esme;
    }

    public static TestEsme bind(int port, BindType type, SmscConfig config) throws IOException {
        return bind(port, type, config.systemId(), config.password());
    }

    /** Sends a submit_sm; returns the message_id from submit_sm_resp. */
    public String submit(String source, String destination, int dataCoding, byte[] shortMessage, boolean receipt,
            OptionalParameter... tlvs) throws PDUException, ResponseTimeoutException, InvalidResponseException,
            NegativeResponseException, IOException {
        return session.submitShortMessage("",
                TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, source,
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination,
                new ESMClass(), (byte) 0, (byte) 0, null, null,
                new RegisteredDelivery(receipt ? SMSCDeliveryReceipt.SUCCESS_FAILURE : SMSCDeliveryReceipt.DEFAULT),
                (byte) 0, DataCodings.newInstance((byte) dataCoding), (byte) 0, shortMessage, tlvs)
                .getMessageId();
    }

    /** The next deliver_sm, or null after {@code timeout}. */
    public DeliverSm nextDeliverSm(Duration timeout) throws InterruptedException {
        return delivered.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public SMPPSession session() {
        return session;
    }

    /**
     * Unbinds and closes. The SMSC closes the link right after unbind_resp, and jSMPP's client can
     * lose that response in the race; a short timer keeps such a close from costing the default 2 s.
     */
    @Override
    public void close() {
        session.setTransactionTimer(CLOSE_TIMEOUT_MS);
        session.unbindAndClose();
    }
}
