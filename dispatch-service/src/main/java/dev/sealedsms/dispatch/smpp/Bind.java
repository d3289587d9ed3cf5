package dev.sealedsms.dispatch.smpp;

import dev.sealedsms.dispatch.config.SmppConfig;
import dev.sealedsms.envelope.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import dev.sealedsms.dispatch.metrics.RateLimitedLog;
import org.jboss.logging.Logger;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.Command;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SSLSocketConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnectionFactory;

/**
 * One bind to a carrier: a transceiver session, or a transmitter and a receiver. Holds the window
 * of outstanding submit_sm (a semaphore taken without waiting, released by the response), keeps
 * itself bound (enquire_link by jSMPP, re-bind with backoff and jitter after a loss), and unbinds
 * cleanly on {@link #stop}.
 */
final class Bind {

    private static final Logger LOG = Logger.getLogger(Bind.class);
    private static final RateLimitedLog LOG_LATE = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private static final RateLimitedLog LOG_BACKLOG = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    /** How long a lost link's reader may go on reading responses already sent before the link is closed. */
    static final Duration LINK_DRAIN = Duration.ofMillis(250);

    private final CarrierSettings carrier;
    private final int index;
    private final SmppConfig timings;
    private final ScheduledExecutorService scheduler;
    private final MessageReceiverListener listener;
    private final Semaphore window;
    private final Backoff backoff;
    private final SmppMetrics metrics;
    private volatile AsyncSmppSession tx;
    private volatile SMPPSession rx;
    private volatile boolean stopping;
    private int failures;

    Bind(CarrierSettings carrier, int index, SmppConfig timings, ScheduledExecutorService scheduler,
            MessageReceiverListener listener, SmppMetrics metrics) {
        this.carrier = carrier;
        this.metrics = metrics;
        this.index = index;
        this.timings = timings;
        this.scheduler = scheduler;
        this.listener = listener;
        this.window = new Semaphore(carrier.window());
        this.backoff = new Backoff(timings.retryInitial(), timings.retryMax());
    }

    String name() {
        return carrier.name() + "#" + index;
    }

    /** Binds now (on the scheduler); on failure keeps trying with backoff. */
    void start() {
        schedule(this::connect, Duration.ZERO);
    }

    boolean up() {
        AsyncSmppSession t = tx;
        SMPPSession r = rx;
        return t != null && t.getSessionState().isTransmittable()
                && (carrier.bindMode() == SmppConfig.BindMode.TRX || (r != null && r.getSessionState().isReceivable()));
    }

    /** Takes a window slot if the bind is up and one is free; never waits. */
    boolean tryAcquire() {
        if (!up() || !window.tryAcquire()) {
            return false;
        }
        if (!up()) {
            window.release();
            return false;
        }
        return true;
    }

    /** Slots in use. */
    int outstanding() {
        return carrier.window() - window.availablePermits();
    }

    /**
     * Sends on a slot taken with {@link #tryAcquire}; the slot is given back when the response (or
     * the failure) arrives.
     */
    CompletableFuture<Command> send(SubmitPdu pdu, byte priority, java.util.function.Consumer<String> onAccepted) {
        long started = System.nanoTime();
        AsyncSmppSession t = tx;
        CompletableFuture<Command> f = t == null
                ? CompletableFuture.failedFuture(new IOException("not bound"))
                : t.submitAsync(timings.responseTimeout(), pdu, priority, onAccepted);
        f.whenComplete((r, e) -> {
            window.release();
            metrics.answered(carrier.name(), r, e, System.nanoTime() - started);
        });
        if (t != null) {
            f.whenComplete((r, e) -> {
                if (e instanceof IOException && !stopping) {
                    // The write failed: the link is gone even if jSMPP has not noticed yet.
                    lost(t);
                }
            });
        }
        return f;
    }

    private void connect() {
        if (stopping) {
            return;
        }
        try {
            ConnectionFactory factory = carrier.tls() ? SSLSocketConnectionFactory.getInstance()
                    : SocketConnectionFactory.getInstance();
            BindType txType = carrier.bindMode() == SmppConfig.BindMode.TRX ? BindType.BIND_TRX : BindType.BIND_TX;
            AsyncSmppSession t = session(factory);
            open(t, txType);
            SMPPSession r = null;
            if (carrier.bindMode() == SmppConfig.BindMode.TX_RX) {
                r = session(factory);
                try {
                    open(r, BindType.BIND_RX);
                } catch (IOException e) {
                    t.unbindAndClose();
                    throw e;
                }
            }
            tx = t;
            rx = r;
            synchronized (this) {
                failures = 0;
            }
            t.addSessionStateListener((n, o, s) -> {
                if (n == SessionState.CLOSED) {
                    lost(t);
                }
            });
            if (r != null) {
                SMPPSession rr = r;
                r.addSessionStateListener((n, o, s) -> {
                    if (n == SessionState.CLOSED) {
                        lost(t);
                    }
                });
            }
            LOG.infof("SD0102 bind %s up (%s to %s:%d%s)", name(), carrier.bindMode(), carrier.host(), carrier.port(),
                    carrier.tls() ? ", TLS" : "");
        } catch (IOException | RuntimeException e) {
            int attempt;
            synchronized (this) {
                attempt = ++failures;
            }
            Duration delay = backoff.delay(attempt);
            LOG.warnf("SD0101 bind %s failed (%s), attempt %d; retrying in %d ms", name(), e.getClass().getSimpleName(),
                    attempt, delay.toMillis());
            schedule(this::connect, delay);
        }
    }

    private AsyncSmppSession session(ConnectionFactory factory) {
        return new AsyncSmppSession(factory, scheduler, timings.receiptBacklog(), new AsyncSmppSession.Events() {
            @Override
            public void lateResponse() {
                metrics.lateResponse(carrier.name());
                LOG_LATE.warn("SD0107 bind %s: submit_sm_resp after its timeout; that message is submitted again",
                        name());
            }

            @Override
            public void receiptBacklogFull() {
                metrics.receiptBacklogFull(carrier.name());
                LOG_BACKLOG.warn("SD0108 bind %s: %d receipts being answered; not reading the link until one is",
                        name(), timings.receiptBacklog());
            }

            @Override
            public void linkClosed(int failed, int justBefore) {
                metrics.linkClosed(carrier.name(), failed, justBefore);
                if (failed > 0 || justBefore > 0) {
                    LOG.infof("SD0109 bind %s closed: %d submits without a response are submitted again, "
                            + "%d responses read just before the close count", name(), failed, justBefore);
                }
            }
        });
    }

    private void open(SMPPSession s, BindType type) throws IOException {
        s.setTransactionTimer(timings.responseTimeout().toMillis());
        s.setEnquireLinkTimer((int) timings.enquireLink().toMillis());
        s.setPduProcessorDegree(timings.pduProcessors());
        s.setMessageReceiverListener(listener);
        s.connectAndBind(carrier.host(), carrier.port(), new BindParameter(type, carrier.systemId(),
                carrier.password(), carrier.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null),
                timings.bindTimeout().toMillis());
    }

    /** The link under {@code t} is gone: fail what it had in flight, close the pair, bind again. */
    private void lost(AsyncSmppSession t) {
        synchronized (this) {
            if (tx != t) {
                return;
            }
            tx = null;
        }
        SMPPSession r = rx;
        rx = null;
        // Nothing new goes out on it, but the reader still takes what the carrier sent before the
        // link went: a submit_sm_resp read then counts (its message is not submitted again). Close,
        // which fails the submits still unanswered, after LINK_DRAIN, or at once when the reader hits
        // the end of the stream.
        schedule(() -> {
            t.close();
            if (r != null) {
                r.close();
            }
        }, LINK_DRAIN);
        if (!stopping) {
            LOG.warnf("SD0103 bind %s lost; re-binding", name());
            schedule(this::connect, timings.retryInitial().compareTo(LINK_DRAIN) > 0 ? timings.retryInitial() : LINK_DRAIN);
        }
    }

    /** Waits up to {@code drain} for outstanding submits to be answered, then unbinds and closes. */
    void stop(Duration drain) {
        stopping = true;
        long deadline = System.nanoTime() + drain.toNanos();
        while (outstanding() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        AsyncSmppSession t = tx;
        SMPPSession r = rx;
        tx = null;
        rx = null;
        if (t != null) {
            t.unbindAndClose();
        }
        if (r != null) {
            r.unbindAndClose();
        }
        LOG.infof("SD0104 bind %s unbound", name());
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down.
        }
    }
}
