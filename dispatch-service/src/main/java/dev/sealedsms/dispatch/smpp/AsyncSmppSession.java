package dev.sealedsms.dispatch.smpp;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUStringException;
import org.jsmpp.bean.Command;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SubmitSmResp;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.PendingResponse;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.ConnectionFactory;

/**
 * A jSMPP session whose {@code submit_sm} does not block: {@link #submitAsync} writes the PDU with
 * the session's own sender and sequence, and returns a future completed by the reader when the
 * matching {@code submit_sm_resp} (or {@code generic_nack}) arrives.
 *
 * <p>How: jSMPP's {@code submitShortMessage} parks the caller on a {@link PendingResponse} kept in
 * a private map; the response processor finds it through the protected
 * {@code removePendingResponse(int)} and calls {@code done}. This subclass answers that lookup from
 * its own map first, with a {@link PendingResponse} whose {@code done} completes a future. Nothing
 * else of jSMPP changes: enquire_link, deliver_sm, unbind and bind keep their synchronous paths.
 */
final class AsyncSmppSession extends SMPPSession {

    private final ConcurrentHashMap<Integer, FuturePending> outstanding = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    AsyncSmppSession(ConnectionFactory connections, ScheduledExecutorService timer) {
        super(connections);
        this.timer = timer;
    }

    /** Submits are in flight on this session (sent, not yet answered). */
    int outstanding() {
        return outstanding.size();
    }

    /**
     * Writes one {@code submit_sm}; the future completes with the response (its command_status may
     * be an error), or exceptionally with {@link IOException} when the link fails or
     * {@link java.util.concurrent.TimeoutException} when no response comes in {@code timeout}.
     */
    CompletableFuture<Command> submitAsync(Duration timeout, TypeOfNumber sourceTon, NumberingPlanIndicator sourceNpi,
            String source, String destination, ESMClass esmClass, RegisteredDelivery registeredDelivery,
            DataCoding dataCoding, byte[] shortMessage, OptionalParameter... tlvs) {
        FuturePending pending = new FuturePending(timeout.toMillis());
        int sequence = sequence().nextValue();
        outstanding.put(sequence, pending);
        try {
            pduSender().sendSubmitSm(connection().getOutputStream(), sequence, "", sourceTon, sourceNpi, source,
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination, esmClass, (byte) 0,
                    (byte) 1, null, null, registeredDelivery, (byte) 0, dataCoding, (byte) 0, shortMessage, tlvs);
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
    void failOutstanding(IOException cause) {
        for (Integer seq : outstanding.keySet()) {
            FuturePending p = outstanding.remove(seq);
            if (p != null) {
                p.future.completeExceptionally(cause);
            }
        }
    }

    @Override
    protected PendingResponse<Command> removePendingResponse(int sequenceNumber) {
        FuturePending mine = outstanding.remove(sequenceNumber);
        return mine != null ? mine : super.removePendingResponse(sequenceNumber);
    }

    @Override
    public void close() {
        super.close();
        failOutstanding(new IOException("session closed"));
    }

    /** A PendingResponse that nobody waits on: the response completes a future instead. */
    private static final class FuturePending extends PendingResponse<Command> {
        final CompletableFuture<Command> future = new CompletableFuture<>();

        FuturePending(long timeout) {
            super(timeout);
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
