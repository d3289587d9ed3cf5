package dev.sealedsms.dispatch.receipts;

import dev.sealedsms.dispatch.config.SmppConfig;
import dev.sealedsms.dispatch.inbound.MoHandler;
import dev.sealedsms.dispatch.metrics.DispatchMetrics;
import dev.sealedsms.dispatch.metrics.RateLimitedLog;
import dev.sealedsms.dispatch.smpp.CarrierSession;
import dev.sealedsms.dispatch.smpp.SmppStatus;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.MessageState;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.InvalidDeliveryReceiptException;

/**
 * Matches delivery receipts to our messages through the durable {@link CorrelationStore}, and turns
 * them into DELIVERED, UNDELIVERED or EXPIRED receipts on {@code sms.receipts}. Mobile-originated
 * deliver_sm go to {@link MoHandler}.
 *
 * <p>A receipt is answered (deliver_sm_resp OK) only once what it changed is durable in Kafka, so it
 * is never lost, even if this replica dies while handling it. Its carrier id is in memory from the
 * moment the submit_sm_resp was read ({@link CorrelationStore#expect}); a receipt that comes while
 * the submit's own records are still being written waits for them here, bounded. One that matches
 * nothing is kept on {@code sms.dispatch.orphans} and acknowledged, never refused for our ordering;
 * it is applied if its message shows up later. Only a failed Kafka write makes the carrier get
 * {@code ESME_RX_T_APPN} (counted, logged once per interval), and it sends the receipt again. The carrier
 * id is read from the {@code receipted_message_id} TLV, else from the receipt text, in hex or
 * decimal; the final state from the {@code message_state} TLV, else from {@code stat:}.
 */
@ApplicationScoped
public class ReceiptCorrelator {

    private static final Logger LOG = Logger.getLogger(ReceiptCorrelator.class);
    private static final short RECEIPTED_MESSAGE_ID = OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code();
    private static final short MESSAGE_STATE = OptionalParameter.Tag.MESSAGE_STATE.code();
    private static final long WRITE_TIMEOUT_SECONDS = 10;
    private static final RateLimitedLog LOG_ORPHAN = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private static final RateLimitedLog LOG_REFUSED = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private static final RateLimitedLog LOG_EXPIRED = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private static final RateLimitedLog LOG_SWEEP = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    private record Outcome(ReceiptStatus status, String reason, String errorCode) {
    }

    private final CorrelationStore store;
    private final ReceiptPublisher publisher;
    private final CarrierSession carriers;
    private final MoHandler mo;
    private final Duration unknownWait;
    private final Duration expiryGrace;
    private final ZoneId receiptDateZone;
    private final java.util.concurrent.ScheduledExecutorService sweeper = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dispatch-receipt-sweeper");
                t.setDaemon(true);
                return t;
            });

    private final DispatchMetrics metrics;

    ReceiptCorrelator(CorrelationStore store, ReceiptPublisher publisher, CarrierSession carriers, MoHandler mo,
            SmppConfig config, DispatchMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.publisher = publisher;
        this.carriers = carriers;
        this.mo = mo;
        this.unknownWait = config.unknownReceiptWait();
        this.expiryGrace = config.expiryGrace();
        this.receiptDateZone = ZoneId.of(config.receiptDateZone());
    }

    /** One lock per message whose parts are being answered; removed when the message completes. */
    private final java.util.concurrent.ConcurrentHashMap<String, Object> locks = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The terminal receipt's write per message id while it is not known to have succeeded. A write
     * that outlives {@link #WRITE_TIMEOUT_SECONDS} has not failed: the producer is still retrying
     * (a broker failover), and it usually lands. The carrier's resent receipt then waits for that
     * same write instead of starting a second one, which wrote a second terminal receipt once the
     * first landed (bench/faults broker: 32 of 10,000 messages). Only a write that failed is redone.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<Void>> publishing =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Before the binds start (CarrierSession, priority 10): no receipt is ever refused for lack of a handler. */
    void start(@Observes @jakarta.annotation.Priority(7) StartupEvent event) {
        carriers.onDeliver(this::onDeliver);
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes io.quarkus.runtime.ShutdownEvent event) {
        sweeper.shutdownNow();
    }

    void counters(@Observes StartupEvent event) {
        carriers.carriers().forEach(metrics::receiptCounters);
    }

    /** Messages submitted and still waiting for their receipt. */
    public int pending() {
        return store.pending();
    }

    void onDeliver(String carrier, DeliverSm d) throws ProcessRequestException {
        if (!d.isSmscDeliveryReceipt()) {
            mo.accept(carrier, d);
            return;
        }
        DeliveryReceipt dlr = null;
        try {
            dlr = d.getShortMessageAsDeliveryReceipt();
        } catch (InvalidDeliveryReceiptException e) {
            // The TLVs may still say everything.
        }
        String id = receiptedId(d, dlr);
        Outcome outcome = outcome(d, dlr);
        if (id == null || outcome == null) {
            LOG.warnf("SD0202 delivery receipt from %s without a usable id or state ignored", carrier);
            return;
        }
        Instant submitDate = SubmitDates.of(d.getShortMessage(), receiptDateZone);
        CorrelationStore.Ref ref = awaitRef(carrier, id, submitDate);
        if (ref == null && store.completedCarrierId(carrier, id, submitDate)) {
            // Resent for a message already final (our resp was lost, or we crashed before sending it).
            LOG.debugf("SD0207 receipt from %s for carrier id %s again; already recorded", carrier, id);
            return;
        }
        if (ref == null) {
            keepOrphan(carrier, id, submitDate, outcome);
            return;
        }
        try {
            if (!record(ref, id, outcome)) {
                keepOrphan(carrier, id, submitDate, outcome);
            }
        } catch (ProcessRequestException e) {
            throw refused(carrier, e);
        }
    }

    /** A receipt that matches nothing: kept durably, then acknowledged; applied if its message shows up. */
    private void keepOrphan(String carrier, String id, Instant submitDate, Outcome outcome)
            throws ProcessRequestException {
        try {
            await(store.orphan(new Correlation.Orphan(1, carrier, id, outcome.status(), outcome.reason(),
                    outcome.errorCode(), Instant.now(), submitDate)));
        } catch (ExecutionException | TimeoutException e) {
            throw refused(carrier, new ProcessRequestException("orphan receipt not recorded (" + e.getClass()
                    .getSimpleName() + ")", SmppStatus.ESME_RX_T_APPN));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(carrier, new ProcessRequestException("interrupted", SmppStatus.ESME_RX_T_APPN));
        }
        metrics.receiptOrphaned(carrier);
        LOG_ORPHAN.warn("SD0203 receipt from %s for unknown carrier id %s (%s) kept as an orphan on %s and "
                + "acknowledged", carrier, id, outcome.status(), dev.sealedsms.events.Topics.DISPATCH_ORPHANS);
    }

    /** Every non-zero deliver_sm_resp we send for a receipt goes through here: counted and logged. */
    private ProcessRequestException refused(String carrier, ProcessRequestException e) {
        metrics.receiptRefused(carrier, SmppStatus.code(e.getErrorCode()));
        LOG_REFUSED.warn("SD0208 receipt from %s refused with %s: %s; the carrier will resend it", carrier,
                SmppStatus.code(e.getErrorCode()), e.getMessage());
        return e;
    }

    private CorrelationStore.Ref awaitRef(String carrier, String id, Instant submitDate) {
        long deadline = System.nanoTime() + unknownWait.toNanos();
        while (true) {
            CorrelationStore.Ref ref = store.find(carrier, id, submitDate);
            if (ref != null || System.nanoTime() > deadline || store.completedCarrierId(carrier, id, submitDate)) {
                return ref;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * Durably records the part's outcome; when it was the last part, writes the terminal receipt.
     * False when the message turned out not to be in flight after all (its submit was given up).
     */
    private boolean record(CorrelationStore.Ref ref, String carrierId, Outcome o) throws ProcessRequestException {
        Correlation.Submitted s = store.message(ref.messageId());
        if (s == null && !store.completed(ref.messageId())) {
            s = awaitSubmitted(ref.messageId());
        }
        if (s == null) {
            return store.completed(ref.messageId()); // completed meanwhile by another receipt, or never submitted
        }
        // Parts of one message may be answered on several threads at once: one completes it. The lock
        // is per message id, not the Submitted object: the correlation reader replaces that object
        // with an equal copy when it reads our own record back, and a part answered across that
        // swap must still be recorded (it was once dropped there, losing the message's receipt).
        Object lock = locks.computeIfAbsent(ref.messageId(), id -> new Object());
        synchronized (lock) {
            s = store.message(ref.messageId());
            if (s == null) {
                return true; // completed meanwhile by another part's receipt
            }
            try {
                Correlation.PartOutcome outcome = new Correlation.PartOutcome(1, ref.messageId(), ref.part(),
                        o.status(), o.reason(), o.errorCode(), Instant.now());
                Map<Integer, Correlation.PartOutcome> parts;
                if (s.segments() == 1) {
                    // One part: its outcome is the message's, and the terminal receipt written below is
                    // the durable record of it; a part record first would only add a round trip.
                    parts = Map.of(ref.part(), outcome);
                } else {
                    if (!store.outcomes(ref.messageId()).containsKey(ref.part())) {
                        await(store.partDone(outcome));
                    }
                    parts = store.outcomes(ref.messageId());
                    if (parts.size() < s.segments()) {
                        return true;
                    }
                }
                // The message's outcome: the first part that was not delivered, else DELIVERED.
                Correlation.PartOutcome decisive = parts.get(0);
                for (int i = 0; i < s.segments(); i++) {
                    Correlation.PartOutcome p = parts.get(i);
                    if (p.status() != ReceiptStatus.DELIVERED) {
                        decisive = p;
                        break;
                    }
                }
                Receipt r = s.receipt(decisive.status(), Instant.now(), decisive.reason(), decisive.errorCode(),
                        s.carrierMessageIds().get(decisive.part()));
                writeTerminal(r);
                LOG.debugf("SD0204 message %s tenant %s: %s", s.messageId(), s.tenant(), r.status());
                return true;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("SD0205 message %s: receipt not recorded (%s); carrier asked to resend", ref.messageId(),
                        e.getClass().getSimpleName());
                throw new ProcessRequestException("receipt not recorded", SmppStatus.ESME_RX_T_APPN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProcessRequestException("interrupted", SmppStatus.ESME_RX_T_APPN);
            }
        }
    }

    /**
     * Writes a message's terminal receipt once its SUBMITTED receipt is durable, then tombstones its
     * correlation. Called holding the message's lock.
     */
    private void writeTerminal(Receipt r) throws ExecutionException, TimeoutException, InterruptedException {
        String messageId = r.messageId();
        await(store.announced(messageId));
        java.util.concurrent.CompletableFuture<Void> write = publishing.computeIfAbsent(messageId,
                id -> publisher.publish(r).subscribeAsCompletionStage().toCompletableFuture());
        try {
            await(write);
        } catch (ExecutionException e) {
            publishing.remove(messageId, write); // failed for good: the resend writes anew
            throw e;
        }
        publishing.remove(messageId, write);
        store.complete(messageId).exceptionally(e -> {
            LOG.warnf("SD0206 message %s: correlation tombstone not written (%s)", messageId,
                    e.getClass().getSimpleName());
            return null;
        });
        // After complete(), which forgets the message at once: whoever takes a new lock finds it gone.
        locks.remove(messageId);
    }

    /**
     * Once a second, for the messages this replica looks after (its sms.sealed partitions): orphans
     * whose message showed up are applied, and messages with no receipt by their validity plus
     * {@code expiry-grace} end EXPIRED. Off the carrier's threads: both wait for Kafka.
     */
    private void sweep() {
        try {
            for (CorrelationStore.OrphanMatch m : store.matchedOrphans()) {
                applyOrphan(m);
            }
            for (Correlation.Submitted s : store.overdue(Instant.now().minus(expiryGrace))) {
                expire(s);
            }
        } catch (RuntimeException e) {
            LOG_SWEEP.warn("SD0211 receipt sweep failed (%s); tried again in a second", e.getClass().getSimpleName());
        }
    }

    private void applyOrphan(CorrelationStore.OrphanMatch m) {
        Correlation.Orphan o = m.orphan();
        try {
            record(m.ref(), o.carrierMessageId(), new Outcome(o.status(), o.reason(), o.errorCode()));
        } catch (ProcessRequestException e) {
            LOG_SWEEP.warn("SD0307 orphan receipt from %s for carrier id %s not applied to message %s (%s); "
                    + "tried again", o.carrier(), o.carrierMessageId(), m.ref().messageId(), e.getMessage());
            return;
        }
        store.orphanApplied(m.key());
        metrics.orphanResolved(o.carrier());
        LOG.infof("SD0306 orphan receipt from %s for carrier id %s applied to message %s", o.carrier(),
                o.carrierMessageId(), m.ref().messageId());
    }

    /** No receipt came by the message's validity plus the grace: it ends EXPIRED (reason NO_RECEIPT), once. */
    private void expire(Correlation.Submitted s) {
        Object lock = locks.computeIfAbsent(s.messageId(), id -> new Object());
        synchronized (lock) {
            if (store.message(s.messageId()) == null) {
                return; // its receipt came meanwhile
            }
            try {
                writeTerminal(s.receipt(ReceiptStatus.EXPIRED, Instant.now(), "NO_RECEIPT", null,
                        s.carrierMessageIds().get(0)));
            } catch (ExecutionException | TimeoutException e) {
                LOG_SWEEP.warn("SD0212 message %s: EXPIRED receipt not written (%s); tried again",
                        s.messageId(), e.getClass().getSimpleName());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        metrics.expiredWithoutReceipt(s.carrier());
        LOG_EXPIRED.info("SD0210 message %s tenant %s: no receipt from %s by its validity (%s) and %s more; EXPIRED",
                s.messageId(), s.tenant(), s.carrier(), s.expiresAt(), expiryGrace);
    }

    /**
     * The carrier took a part of this message and its receipt came before the submit record was
     * made (more parts to go, or the record being written): wait for it, bounded.
     */
    private Correlation.Submitted awaitSubmitted(String messageId) {
        java.util.concurrent.CompletableFuture<Void> f = store.expected(messageId);
        if (f != null) {
            try {
                await(f);
            } catch (ExecutionException | TimeoutException e) {
                // Given up, or still not there: the caller keeps the receipt as an orphan.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return store.message(messageId);
    }

    private static void await(java.util.concurrent.CompletableFuture<?> f)
            throws ExecutionException, TimeoutException, InterruptedException {
        f.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static String receiptedId(DeliverSm d, DeliveryReceipt dlr) {
        OptionalParameter tlv = d.getOptionalParameter(RECEIPTED_MESSAGE_ID);
        if (tlv instanceof OptionalParameter.COctetString s) {
            return s.getValueAsString();
        }
        if (tlv instanceof OptionalParameter.OctetString s) {
            return s.getValueAsString().replace("\0", "");
        }
        return dlr == null ? null : dlr.getId();
    }

    /** From the message_state TLV when present (SMPP 3.4 §5.2.28), else from the text's stat:. */
    private static Outcome outcome(DeliverSm d, DeliveryReceipt dlr) {
        String err = dlr == null ? null : dlr.getError();
        OptionalParameter tlv = d.getOptionalParameter(MESSAGE_STATE);
        if (tlv instanceof OptionalParameter.Byte b) {
            MessageState state;
            try {
                state = MessageState.valueOf(b.getValue());
            } catch (IllegalArgumentException e) {
                state = null;
            }
            if (state != null) {
                return switch (state) {
                    case DELIVERED -> new Outcome(ReceiptStatus.DELIVERED, null, null);
                    case EXPIRED -> new Outcome(ReceiptStatus.EXPIRED, "CARRIER_EXPIRED", err);
                    case ENROUTE, ACCEPTED, UNKNOWN, SCHEDULED -> null;
                    default -> new Outcome(ReceiptStatus.UNDELIVERED, "CARRIER_" + textState(state), err);
                };
            }
        }
        if (dlr == null) {
            return null;
        }
        DeliveryReceiptState state = dlr.getFinalStatus();
        if (state == DeliveryReceiptState.DELIVRD) {
            return new Outcome(ReceiptStatus.DELIVERED, null, null);
        }
        if (state == DeliveryReceiptState.EXPIRED) {
            return new Outcome(ReceiptStatus.EXPIRED, "CARRIER_EXPIRED", err);
        }
        if (state == DeliveryReceiptState.ENROUTE || state == DeliveryReceiptState.ACCEPTD) {
            return null;
        }
        return new Outcome(ReceiptStatus.UNDELIVERED, "CARRIER_" + state.name(), err);
    }

    /** The receipt-text spelling of a message_state, so reasons read the same whichever carried it. */
    private static String textState(MessageState s) {
        return switch (s) {
            case UNDELIVERABLE -> "UNDELIV";
            case DELETED -> "DELETED";
            case REJECTED -> "REJECTD";
            default -> s.name();
        };
    }
}
