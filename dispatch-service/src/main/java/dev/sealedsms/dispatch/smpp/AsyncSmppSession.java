package dev.sealedsms.dispatch.smpp;

import java.io.DataInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jsmpp.GenericNackResponseException;
import org.jsmpp.InvalidCommandLengthException;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Command;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SubmitSmResp;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.PendingResponse;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.util.DefaultComposer;
import org.jsmpp.util.DefaultDecomposer;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.SynchronizedPDUSender;

/**
 * A jSMPP session whose {@code submit_sm} does not block, whose submit responses are taken in the
 * order they arrive, and which never answers a receipt "throttled" for its own backlog.
 *
 * <p><b>Submits.</b> {@link #submitAsync} writes the PDU with the session's own sender and
 * sequence, and returns a future completed when the matching {@code submit_sm_resp} (or
 * {@code generic_nack}) arrives.
 *
 * <p><b>Responses, on the reader thread.</b> jSMPP's reader hands every PDU it reads to a pool
 * ({@code pduProcessorDegree} threads), so a {@code submit_sm_resp} and the receipt read right
 * after it may be processed in either order, and a response still queued when the link closes was
 * failed as if it never came (issue 13: a receipt refused as unknown; issue 21: a message accepted
 * by the carrier submitted again). So this session reads PDUs through {@link Reader}: a response to
 * one of our submits is decoded and completed by the reader thread itself, before the next PDU is
 * read. Its {@code onAccepted} hook (the correlation of the carrier id) therefore runs before any
 * receipt for that id can be read, and a response that reached us always counts, even when the
 * link closes right after it. jSMPP never sees these responses.
 *
 * <p><b>Receipts, with back-pressure.</b> {@code deliver_sm} still go to jSMPP's pool, whose queue
 * answers {@code ESME_RTHROTTLED} on its own when full (100 by default). Here at most
 * {@code receiptBacklog} are read and not yet answered; past that the reader stops reading the
 * socket until one is answered, which is TCP back-pressure on the carrier, never a refusal. The
 * queue is sized above that bound, so it never fills.
 */
final class AsyncSmppSession extends SMPPSession {

    /** Room in jSMPP's queue above the receipt backlog, for enquire_link, unbind, alerts and other PDUs. */
    private static final int QUEUE_HEADROOM = 64;
    /** Responses read this close before the link closed count as "read just before a drop". */
    private static final long JUST_BEFORE_DROP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What the session reports as it goes; every method is called on jSMPP's reader thread. */
    interface Events {
        /** A submit_sm_resp came for a sequence that is no longer outstanding (it timed out). */
        void lateResponse();

        /** The reader paused: {@code receiptBacklog} receipts are being answered. */
        void receiptBacklogFull();

        /** The link closed: {@code failed} submits had no response, {@code justBefore} got theirs within 100 ms of it. */
        void linkClosed(int failed, int justBefore);
    }

    private final ConcurrentHashMap<Integer, FuturePending> outstanding = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Semaphore receiptSlots;
    private final Events events;
    private final DefaultDecomposer decomposer = new DefaultDecomposer();
    /** Times (System.nanoTime) of the last responses read, a ring as large as it needs to be. */
    private final long[] recentAnswers = new long[256];
    private int recentNext;
    private volatile boolean closedOnce;

    AsyncSmppSession(ConnectionFactory connections, ScheduledExecutorService timer, int receiptBacklog, Events events) {
        this(new Reader(), connections, timer, receiptBacklog, events);
    }

    private AsyncSmppSession(Reader reader, ConnectionFactory connections, ScheduledExecutorService timer,
            int receiptBacklog, Events events) {
        super(new SynchronizedPDUSender(new DefaultPDUSender(new DefaultComposer())), reader, connections);
        reader.session = this;
        this.timer = timer;
        this.events = events;
        this.receiptSlots = new Semaphore(receiptBacklog);
        setQueueCapacity(receiptBacklog + QUEUE_HEADROOM);
    }

    /** Submits are in flight on this session (sent, not yet answered). */
    int outstanding() {
        return outstanding.size();
    }

    /**
     * Writes one {@code submit_sm}; the future completes with the response (its command_status may
     * be an error), or exceptionally with {@link IOException} when the link fails or
     * {@link java.util.concurrent.TimeoutException} when no response comes in {@code timeout}.
     * {@code onAccepted} gets the carrier's message id of a successful response on the reader
     * thread, before the future completes and before the next PDU of the link is read.
     */
    CompletableFuture<Command> submitAsync(Duration timeout, SubmitPdu pdu, byte priority, Consumer<String> onAccepted) {
        FuturePending pending = new FuturePending(timeout.toMillis(), onAccepted);
        int sequence = sequence().nextValue();
        outstanding.put(sequence, pending);
        try {
            pduSender().sendSubmitSm(connection().getOutputStream(), sequence, "", pdu.sourceTon(), pdu.sourceNpi(),
                    pdu.source(), TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, pdu.destination(),
                    pdu.esmClass(), (byte) 0, priority, null, pdu.validityPeriod(), pdu.registeredDelivery(), (byte) 0,
                    pdu.dataCoding(), (byte) 0, pdu.shortMessage(), pdu.tlvs());
        } catch (IOException | PDUStringException | RuntimeException e) {
            outstanding.remove(sequence);
            pending.future.completeExceptionally(e);
            return pending.future;
        }
        var timeoutTask = timer.schedule(() -> {
            if (outstanding.remove(sequence, pending)) {
                pending.future.completeExceptionally(new java.util.concurrent.TimeoutException("no submit_sm_resp"));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.future.whenComplete((r, e) -> timeoutTask.cancel(false));
        return pending.future;
    }

    /** Fails every outstanding submit: the link is gone, their outcome is unknown. */
    private int failOutstanding(IOException cause) {
        int failed = 0;
        for (Integer seq : outstanding.keySet()) {
            FuturePending p = outstanding.remove(seq);
            if (p != null) {
                failed++;
                p.future.completeExceptionally(cause);
            }
        }
        return failed;
    }

    @Override
    public void close() {
        super.close();
        int failed = failOutstanding(new IOException("session closed"));
        boolean first;
        synchronized (this) {
            first = !closedOnce;
            closedOnce = true;
        }
        if (first) {
            events.linkClosed(failed, answeredSince(System.nanoTime() - JUST_BEFORE_DROP_NANOS));
        }
    }

    private synchronized int answeredSince(long since) {
        int n = 0;
        for (long t : recentAnswers) {
            if (t != 0 && t - since > 0) {
                n++;
            }
        }
        return n;
    }

    private synchronized void noteAnswer() {
        recentAnswers[recentNext] = System.nanoTime();
        recentNext = (recentNext + 1) % recentAnswers.length;
    }

    /** Receipts and MO go to {@code listener}; each frees its backlog slot once answered. */
    @Override
    public void setMessageReceiverListener(MessageReceiverListener listener) {
        super.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
                try {
                    listener.onAcceptDeliverSm(deliverSm);
                } finally {
                    receiptSlots.release();
                }
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification alertNotification) {
                listener.onAcceptAlertNotification(alertNotification);
            }

            @Override
            public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
                return listener.onAcceptDataSm(dataSm, source);
            }
        });
    }

    /** True when the reader takes {@code header}'s PDU itself: a response to one of our submits. */
    private boolean ours(Command header) {
        return header.getCommandId() == SMPPConstant.CID_SUBMIT_SM_RESP
                || header.getCommandId() == SMPPConstant.CID_GENERIC_NACK
                        && outstanding.containsKey(header.getSequenceNumber());
    }

    /** A response to one of our submits, on the reader thread. */
    private void answered(Command header, byte[] pdu) {
        FuturePending p = outstanding.remove(header.getSequenceNumber());
        if (p == null) {
            // Answered after we gave up on it; it was (or will be) submitted again.
            events.lateResponse();
            return;
        }
        noteAnswer();
        if (header.getCommandId() == SMPPConstant.CID_GENERIC_NACK) {
            p.future.completeExceptionally(new GenericNackResponseException(
                    "generic_nack with command_status " + header.getCommandStatusAsHex(), header.getCommandStatus()));
            return;
        }
        SubmitSmResp resp;
        try {
            resp = decomposer.submitSmResp(pdu);
        } catch (PDUStringException e) {
            p.future.completeExceptionally(e);
            return;
        }
        if (resp.getCommandStatus() == SMPPConstant.STAT_ESME_ROK && resp.getMessageId() != null) {
            p.onAccepted.accept(resp.getMessageId());
        }
        p.future.complete(resp);
    }

    /**
     * A deliver_sm was read: waits for a backlog slot (the socket is not read meanwhile). Only
     * one that jSMPP will hand to the listener takes a slot, so every slot taken is given back.
     */
    private void admit(Command header, byte[] pdu) {
        if (header.getCommandId() != SMPPConstant.CID_DELIVER_SM || !getSessionState().isReceivable()) {
            return;
        }
        try {
            decomposer.deliverSm(pdu);
        } catch (PDUStringException e) {
            return; // jSMPP answers it with generic_nack; the listener never sees it
        }
        if (receiptSlots.tryAcquire()) {
            return;
        }
        events.receiptBacklogFull();
        try {
            while (!receiptSlots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (!getSessionState().isBound()) {
                    receiptSlots.release(); // the listener will not run for this one, so nothing would
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * jSMPP's reader reads through this: responses to our submits are taken here and never
     * returned to jSMPP; a deliver_sm waits for a backlog slot before jSMPP queues it.
     */
    private static final class Reader extends DefaultPDUReader {
        AsyncSmppSession session;

        @Override
        public Command readPDUHeader(DataInputStream in) throws InvalidCommandLengthException, IOException {
            while (true) {
                Command header = super.readPDUHeader(in);
                if (!session.ours(header)) {
                    return header;
                }
                session.answered(header, super.readPDU(in, header));
            }
        }

        @Override
        public byte[] readPDU(DataInputStream in, Command header) throws IOException {
            byte[] pdu = super.readPDU(in, header);
            session.admit(header, pdu);
            return pdu;
        }
    }

    /** A PendingResponse that nobody waits on: the response completes a future instead. */
    private static final class FuturePending extends PendingResponse<Command> {
        final CompletableFuture<Command> future = new CompletableFuture<>();
        final Consumer<String> onAccepted;

        FuturePending(long timeout, Consumer<String> onAccepted) {
            super(timeout);
            this.onAccepted = onAccepted;
        }

        @Override
        public void done(Command response) {
            future.complete(response);
        }

        @Override
        public void doneWithInvalidResponse(InvalidResponseException e) {
            future.completeExceptionally(e);
        }
    }

    /** The message id of a successful response. */
    static String messageId(Command response) {
        return response instanceof SubmitSmResp r ? r.getMessageId() : null;
    }
}
