package dev.sealedsms.dispatch.smpp;

import dev.sealedsms.dispatch.config.SmppConfig;
import dev.sealedsms.events.SealedContent;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.TextEncoding;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.SubmitSmResult;

/**
 * One transceiver bind to the carrier (jSMPP): submits with registered delivery on, receives
 * delivery receipts, re-binds when the link drops. Submit failures are classified here and nowhere
 * else: throttling and transport trouble are retryable, other negative responses permanent.
 */
@ApplicationScoped
public class CarrierSession {

    private static final Logger LOG = Logger.getLogger(CarrierSession.class);

    /** SMPP 3.4 command_status values that mean "later", not "never". */
    private static final int ESME_RMSGQFUL = 0x14;
    private static final int ESME_RTHROTTLED = 0x58;
    private static final int ESME_RSYSERR = 0x08;
    private static final RegisteredDelivery RECEIPT_REQUESTED = new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE);

    private final SmppConfig config;
    private volatile SMPPSession session;
    private volatile Consumer<DeliverSm> deliveries = d -> {
    };
    private volatile boolean stopping;

    CarrierSession(SmppConfig config) {
        this.config = config;
    }

    /** Where delivery receipts and MO messages go. */
    public void onDeliver(Consumer<DeliverSm> handler) {
        this.deliveries = handler;
    }

    void start(@Observes StartupEvent event) {
        try {
            session();
        } catch (IOException e) {
            // Not fatal: readiness stays DOWN and the first submit binds again.
            LOG.warnf("SD0101 carrier %s: first bind failed (%s); will retry on demand", config.carrier(),
                    e.getClass().getSimpleName());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        SMPPSession s = session;
        if (s != null) {
            s.unbindAndClose();
        }
    }

    /** True when the bind is up and can submit and receive. */
    public boolean bound() {
        SMPPSession s = session;
        return s != null && s.getSessionState() == SessionState.BOUND_TRX;
    }

    /** Submits one message; returns the carrier's message id from {@code submit_sm_resp}. */
    public String submit(SealedMessage m, SealedContent content) throws SubmitException {
        SmppText text = SmppText.of(content.body());
        byte[] shortMessage = text.fitsShortMessage() ? text.octets() : new byte[0];
        OptionalParameter[] tlvs = text.fitsShortMessage() ? new OptionalParameter[0]
                : new OptionalParameter[] {new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(),
                        text.octets())};
        boolean numericSender = m.senderId().matches("\\+?[0-9]+");
        try {
            SubmitSmResult result = session().submitShortMessage("",
                    numericSender ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC,
                    numericSender ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN,
                    m.senderId().replace("+", ""),
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, content.recipient().substring(1),
                    new ESMClass(), (byte) 0, (byte) 1, null, null, RECEIPT_REQUESTED, (byte) 0,
                    text.dataCoding(), (byte) 0, shortMessage, tlvs);
            return result.getMessageId();
        } catch (NegativeResponseException e) {
            int status = e.getCommandStatus();
            String code = String.format("0x%08X", status);
            boolean later = status == ESME_RTHROTTLED || status == ESME_RMSGQFUL || status == ESME_RSYSERR;
            throw new SubmitException(later ? SubmitException.Kind.RETRYABLE : SubmitException.Kind.PERMANENT, code,
                    "carrier answered submit_sm with command_status " + code);
        } catch (ResponseTimeoutException e) {
            throw new SubmitException(SubmitException.Kind.RETRYABLE, null, "no submit_sm_resp in time");
        } catch (IOException | InvalidResponseException e) {
            dropSession();
            throw new SubmitException(SubmitException.Kind.RETRYABLE, null,
                    "carrier link failed: " + e.getClass().getSimpleName());
        } catch (PDUException e) {
            throw new SubmitException(SubmitException.Kind.PERMANENT, null,
                    "message cannot be encoded as a submit_sm: " + e.getClass().getSimpleName());
        }
    }

    /** The encoding a body travels in; receipts report it. */
    public static TextEncoding encodingOf(String body) {
        return SmppText.of(body).encoding();
    }

    private synchronized SMPPSession session() throws IOException {
        SMPPSession s = session;
        if (s != null && s.getSessionState().isBound()) {
            return s;
        }
        if (stopping) {
            throw new IOException("shutting down");
        }
        dropSession();
        SMPPSession fresh = new SMPPSession();
        fresh.setTransactionTimer(config.responseTimeout().toMillis());
        fresh.setEnquireLinkTimer((int) config.enquireLink().toMillis());
        fresh.setMessageReceiverListener(new DeliveryListener(d -> deliveries.accept(d)));
        fresh.connectAndBind(config.host(), config.port(), new BindParameter(BindType.BIND_TRX, config.systemId(),
                config.password(), config.systemType().orElse(""), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null),
                config.bindTimeout().toMillis());
        LOG.infof("SD0102 carrier %s: bound transceiver to %s:%d as %s", config.carrier(), config.host(),
                config.port(), config.systemId());
        session = fresh;
        return fresh;
    }

    private synchronized void dropSession() {
        SMPPSession s = session;
        session = null;
        if (s != null) {
            s.unbindAndClose();
        }
    }
}
