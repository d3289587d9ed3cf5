package dev.sealedsms.simulator.smsc;

import dev.sealedsms.codec.Gsm7;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;

/**
 * An SMSC speaking SMPP 3.4 on jSMPP's server side: the real carrier peer for local runs, tests,
 * staging and benchmarks. Plain Java, so tests in any module can embed one:
 *
 * <pre>{@code
 * try (Smsc smsc = Smsc.start(SmscConfig.defaults())) {
 *     // bind an ESME to 127.0.0.1:smsc.port() as sealed / sealedpw
 * }
 * }</pre>
 *
 * <p>Accepts transmitter, receiver and transceiver binds for the configured account; answers
 * submit_sm with a fresh message id; sends a delivery receipt {@link SmscConfig#receiptDelay()}
 * after the submit_sm_resp when registered_delivery asks for one. Receipts wait on a shared
 * scheduler (no thread per receipt) and are retried until a receiving session of the submitter's
 * account takes them.
 *
 * <p>With {@link SmscConfig#receiptJournal()} set, every receipt owed is written to a
 * {@link ReceiptJournal} before the submit_sm_resp goes out and marked done once the ESME took it
 * (or it was given up for good); the next start sends again every receipt not done, with its
 * original message id, so a restart, even a {@code kill -9}, loses none. Delivery is then at least
 * once: a kill between the ESME's deliver_sm_resp and the done line sends that receipt again.
 *
 * <p>Threads: one acceptor, a small pool that waits for bind requests, the receipt scheduler, and
 * jSMPP's reader and PDU workers per session. Logs carry session ids, system ids, message ids and
 * counts, never a body or a number.
 */
public final class Smsc implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Smsc.class);

    /** Submissions kept for {@link #submissions()}; older ones are dropped so long benchmarks stay in bounded memory. */
    public static final int RETAINED_SUBMISSIONS = 100_000;
    /** How long a new connection may take to send its bind. */
    static final long BIND_TIMEOUT_MS = 5_000;
    /** Wait before re-offering a receipt that no session could take. */
    static final Duration RECEIPT_RETRY = Duration.ofMillis(500);
    /**
     * Scheduler threads (receipts, delayed closes). A receipt blocks one for a deliver_sm_resp round
     * trip (jSMPP's deliver is synchronous), so this is the simulator's window of receipts in flight:
     * with 4, receipts were capped near 4 / round trip (about 400/s against dispatch's acks=all
     * writes) and the benchmarks measured the simulator, not dispatch.
     */
    static final int SCHEDULER_THREADS = 64;
    /** How long a refused ESME has to read its bind_resp and hang up before the SMSC closes the link. */
    static final Duration REJECTED_BIND_GRACE = Duration.ofSeconds(1);
    /** How long close() waits for each ESME's unbind_resp. */
    static final long UNBIND_TIMEOUT_MS = 500;
    /** system_id the simulator names itself in bind_resp. */
    static final String SMSC_SYSTEM_ID = "SEALEDSIM";

    private final SmscConfig config;
    private final Clock clock = Clock.systemUTC();
    private final OutcomePolicy outcomes;
    private final ListeningSocket socket;
    private final SMPPServerSessionListener listener;
    private final Thread acceptor;
    private final ExecutorService binders;
    private final ScheduledExecutorService scheduler;
    private final BoundSessions bound = new BoundSessions();
    /** Every accepted connection, bound or not, so close() can end them all. */
    private final Set<SMPPServerSession> connections = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Submission>> submissionListeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Submission> retained = new ArrayDeque<>();
    private final AtomicLong submissionCount = new AtomicLong();
    private final AtomicLong receiptsSent = new AtomicLong();
    private final AtomicInteger pendingReceipts = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.Map<SMPPServerSession, AtomicLong> submitsBySession = new ConcurrentHashMap<>();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong connectionsDropped = new AtomicLong();
    private final AtomicLong receiptsRefused = new AtomicLong();
    private final AtomicLong receiptsTimedOut = new AtomicLong();
    private final java.util.Map<Long, AtomicInteger> arrivalsBySecond = new ConcurrentHashMap<>();
    private final AtomicLong receiptsAbandoned = new AtomicLong();
    private final AtomicLong refusalUnbinds = new AtomicLong();
    private final java.util.Map<SMPPServerSession, AtomicInteger> refusalsBySession = new ConcurrentHashMap<>();
    private final java.util.Map<SMPPServerSession, AtomicLong> answersBySession = new ConcurrentHashMap<>();
    /** Each session's write side, to end a link after what was written (closeAfterAnswers). */
    private final java.util.Map<SMPPServerSession, LinkGate> sockets = new ConcurrentHashMap<>();
    /** Submits accepted whose submit_sm_resp could not be sent: the ESME may rightly submit them again. */
    private final List<Submission> unanswered = new CopyOnWriteArrayList<>();
    /** This start's own counter, for {@link IdFormat#restartsAtOne()}. */
    private final AtomicLong localIds = new AtomicLong(1);
    /** While true, receipts that fall due wait in {@link #held} for {@link #releaseReceipts(int)}. */
    private volatile boolean holding;
    private final java.util.Queue<PendingReceipt> held = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Receipts owed, kept across restarts; {@link ReceiptJournal#off()} without a configured file. */
    private final ReceiptJournal journal;

    private Smsc(SmscConfig config, ReceiptJournal journal) throws IOException {
        this.config = config;
        this.journal = journal;
        this.outcomes = new OutcomePolicy(config);
        this.socket = new ListeningSocket(InetAddress.getByName(config.host()));
        this.listener = new SMPPServerSessionListener(config.port(), socket);
        Handler handler = new Handler();
        listener.setSessionStateListener(handler);
        listener.setMessageReceiverListener(handler);
        listener.setResponseDeliveryListener(handler);
        int port = socket.localPort();
        this.binders = Executors.newCachedThreadPool(daemonThreads("smsc-" + port + "-bind-"));
        ScheduledThreadPoolExecutor scheduler =
                new ScheduledThreadPoolExecutor(SCHEDULER_THREADS, daemonThreads("smsc-" + port + "-scheduler-"));
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = scheduler;
        this.acceptor = daemonThreads("smsc-" + port + "-acceptor").newThread(this::acceptLoop);
    }

    /**
     * Listens on {@code config.host()}:{@code config.port()} and returns once connections are accepted.
     *
     * @throws UncheckedIOException if the address cannot be bound (port taken, unknown host), or the
     *                              receipt journal cannot be read or rewritten
     */
    public static Smsc start(SmscConfig config) {
        ReceiptJournal journal = openJournal(config.receiptJournal());
        Smsc smsc;
        try {
            smsc = new Smsc(config, journal);
        } catch (IOException e) {
            journal.close();
            throw new UncheckedIOException("SMSC cannot listen on " + config.host() + ":" + config.port(), e);
        }
        // Before accepting, so the id counter is past the journal's ids before any submit arrives.
        smsc.resumeOwedReceipts();
        smsc.acceptor.start();
        LOG.infof("SMSC001 SMSC listening on %s:%d for system id %s, receipts after %s",
                config.host(), smsc.port(), config.systemId(), config.receiptDelay());
        return smsc;
    }

    /**
     * @throws UncheckedIOException if the journal cannot be read or rewritten: starting without it
     *                              would lose the receipts it holds
     */
    private static ReceiptJournal openJournal(Path path) {
        if (path == null) {
            return ReceiptJournal.off();
        }
        try {
            return ReceiptJournal.open(path);
        } catch (IOException e) {
            throw new UncheckedIOException("SMSC cannot open its receipt journal " + path, e);
        }
    }

    /**
     * Schedules each receipt the journal says an earlier run owed: at its original due time, or at
     * once if that has passed. Their ids are kept, and the shared id counter is moved above them
     * (except for {@link IdFormat#DECIMAL_RESTARTING}, which restarts at 1 on purpose).
     */
    private void resumeOwedReceipts() {
        if (!journal.isOn()) {
            return;
        }
        List<PendingReceipt> owed = journal.recovered();
        Instant now = clock.instant();
        for (PendingReceipt receipt : owed) {
            if (!config.idFormat().restartsAtOne()) {
                MessageIds.issuedAlready(receipt.idNumber());
            }
            pendingReceipts.incrementAndGet();
            Duration wait = Duration.between(now, receipt.doneAt());
            schedule(receipt, wait.isNegative() ? Duration.ZERO : wait);
        }
        LOG.infof("SMSC050 receipt journal %s: %d receipts owed by the previous run resumed, %d lines skipped",
                journal.path(), owed.size(), journal.skippedLines());
    }

    /** The port actually listened on (the free one picked when configured with 0). */
    public int port() {
        return socket.localPort();
    }

    public SmscConfig config() {
        return config;
    }

    /** True while the SMSC accepts connections. */
    public boolean isListening() {
        return !closed.get() && socket.isOpen() && acceptor.isAlive();
    }

    /** The most recent submissions (up to {@link #RETAINED_SUBMISSIONS}), oldest first, as a snapshot. */
    public List<Submission> submissions() {
        synchronized (retained) {
            return List.copyOf(retained);
        }
    }

    /** All submissions accepted since start, including those no longer retained. */
    public long submissionCount() {
        return submissionCount.get();
    }

    /**
     * Calls {@code listener} with each accepted submission, on the session's PDU thread before the
     * submit_sm_resp goes out: keep it quick. An exception it throws is logged and does not affect
     * the ESME.
     */
    public void onSubmission(Consumer<Submission> listener) {
        submissionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Delivery receipts the ESMEs acknowledged with deliver_sm_resp OK. */
    public long receiptsSent() {
        return receiptsSent.get();
    }

    /**
     * From now on, receipts that fall due are kept instead of sent, as by a carrier whose receipt
     * path is down; {@link #releaseReceipts(int)} sends them all at once.
     */
    public void holdReceipts() {
        holding = true;
    }

    /** Receipts kept by {@link #holdReceipts()} so far. */
    public int heldReceipts() {
        return held.size();
    }

    /**
     * Sends every kept receipt in one burst, {@code window} deliver_sm in flight at once (each
     * waiting for its deliver_sm_resp), as a carrier does when its receipt path comes back after an
     * outage; later receipts go out as they fall due again. Answers how many were released.
     */
    public int releaseReceipts(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be 1 or more, was " + window);
        }
        holding = false;
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(window);
        int released = 0;
        for (PendingReceipt r; (r = held.poll()) != null && !closed.get(); released++) {
            PendingReceipt receipt = r;
            inFlight.acquireUninterruptibly();
            Thread.ofVirtual().name("smsc-" + port() + "-burst").start(() -> {
                try {
                    deliver(receipt);
                } finally {
                    inFlight.release();
                }
            });
        }
        LOG.infof("SMSC036 %d held receipts released at once, %d in flight at a time", released, window);
        return released;
    }

    /** Receipts scheduled or awaiting a receiving session. */
    public int pendingReceipts() {
        return pendingReceipts.get();
    }

    /** Submits refused by fault injection (throttled, over the TPS limit, permanent error). */
    public long rejectedCount() {
        return rejected.get();
    }

    /** The most submit_sm (accepted or not) that arrived in any one wall-clock second of the last two minutes. */
    public int maxSubmitsInAnySecond() {
        return arrivalsBySecond.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    private void countArrival() {
        long second = clock.millis() / 1000;
        arrivalsBySecond.computeIfAbsent(second, k -> new AtomicInteger()).incrementAndGet();
        if (arrivalsBySecond.size() > 120) {
            arrivalsBySecond.keySet().removeIf(s -> s < second - 120);
        }
    }

    /** deliver_sm (receipts) the ESMEs answered with a non-zero deliver_sm_resp. */
    public long receiptsRefused() {
        return receiptsRefused.get();
    }

    /**
     * deliver_sm (receipts) the ESMEs did not answer within the response timeout: many carriers
     * treat that as a refusal (resend much later, or never).
     */
    public long receiptsTimedOut() {
        return receiptsTimedOut.get();
    }

    /** Refused receipts never sent again ({@link Faults#dropRefusedReceipts()}): lost for the ESME. */
    public long receiptsAbandoned() {
        return receiptsAbandoned.get();
    }

    /** Sessions this SMSC unbound because they refused {@link Faults#unbindAfterRefusals()} receipts. */
    public long refusalUnbinds() {
        return refusalUnbinds.get();
    }

    /**
     * Submits the SMSC accepted but could not answer (the link went first): the ESME never learned
     * their ids, so submitting them again is the ESME's right, and their copies are the only
     * duplicates a correct ESME makes.
     */
    public List<Submission> unansweredSubmissions() {
        return List.copyOf(unanswered);
    }

    /** Connections closed by the drop-after-N-submits fault or by {@link #dropConnections()}. */
    public long connectionsDropped() {
        return connectionsDropped.get();
    }

    /**
     * Injected link loss on demand: closes every connection at once, bound or not, without an
     * unbind, as a carrier's network failure would. Submits in flight on those links get no
     * response (whether they were accepted depends on timing, as with a real carrier); receipts
     * not yet taken wait for the next receiving session. The SMSC keeps listening, so ESMEs can
     * rebind at once.
     *
     * @return the number of connections closed
     */
    public int dropConnections() {
        int n = 0;
        for (SMPPServerSession session : List.copyOf(connections)) {
            submitsBySession.remove(session);
            session.close();
            connections.remove(session);
            bound.remove(session);
            n++;
        }
        connectionsDropped.addAndGet(n);
        LOG.infof("SMSC025 %d connection(s) dropped on demand (injected)", n);
        return n;
    }

    /**
     * Sends a mobile-originated message now, as a handset would: a deliver_sm from {@code from} to
     * {@code to} on a receiving session of {@code systemId}, GSM-7 when it fits, UCS-2 otherwise.
     *
     * @return true when the ESME answered deliver_sm_resp OK; false when no session could take it or it refused
     */
    public boolean sendMo(String systemId, String from, String to, String text) {
        var target = bound.receiverFor(systemId);
        if (target.isEmpty()) {
            return false;
        }
        boolean gsm = Gsm7.canEncode(text);
        try {
            target.get().deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from,
                    to.matches("[0-9]+") ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC,
                    to.matches("[0-9]+") ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN, to,
                    new ESMClass(), (byte) 0, (byte) 0, new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT),
                    gsm ? DataCodings.ZERO : DataCodings.newInstance((byte) SubmitBodies.DC_UCS2),
                    gsm ? Gsm7.encode(text) : text.getBytes(StandardCharsets.UTF_16BE));
            return true;
        } catch (NegativeResponseException | ResponseTimeoutException | InvalidResponseException | IOException
                | PDUException e) {
            LOG.infof("SMSC040 MO to system id %s not taken (%s)", systemId, describe(e));
            return false;
        }
    }

    /** Sessions currently bound (any bind type). */
    public int activeSessions() {
        return bound.count();
    }

    /**
     * Stops accepting, drops receipts not yet sent (with a receipt journal they stay in it for the
     * next start), unbinds and closes every session, stops all threads and releases the port.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.warnf(e, "SMSC010 closing the listening socket on port %d failed", port());
        }
        scheduler.shutdownNow();
        for (SMPPServerSession session : List.copyOf(connections)) {
            endSession(session);
        }
        binders.shutdownNow();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(2));
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            binders.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Last, once no thread writes to it any more; what it still owes is sent by the next start.
        journal.close();
        LOG.infof("SMSC002 SMSC on port %d stopped: %d submissions, %d receipts sent, %d receipts %s",
                port(), submissionCount.get(), receiptsSent.get(), pendingReceipts.get(),
                journal.isOn() ? "kept in the journal" : "dropped");
    }

    /**
     * A crash, for tests: stops at once, as {@code kill -9} would. The journal's file is closed first
     * and never written again (no done line, no compaction), then the connections are closed
     * without an unbind and every thread stops. For the journal this is the same as a real kill:
     * only the bytes already written count, and the kernel keeps those when a process dies.
     */
    void crash() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        journal.close();
        try {
            listener.close();
        } catch (IOException e) {
            LOG.warnf(e, "SMSC010 closing the listening socket on port %d failed", port());
        }
        scheduler.shutdownNow();
        binders.shutdownNow();
        for (SMPPServerSession session : List.copyOf(connections)) {
            session.close();
            connections.remove(session);
            bound.remove(session);
        }
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(2));
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.infof("SMSC055 SMSC on port %d crashed (test): %d receipts owed left to the journal", port(),
                pendingReceipts.get());
    }

    private void endSession(SMPPServerSession session) {
        submitsBySession.remove(session);
        if (session.getSessionState().isBound()) {
            session.setTransactionTimer(UNBIND_TIMEOUT_MS);
            session.unbindAndClose();
        } else {
            session.close();
        }
        connections.remove(session);
        bound.remove(session);
    }

    // ---------------------------------------------------------------- connections and binds

    private void acceptLoop() {
        while (!closed.get()) {
            SMPPServerSession session;
            try {
                session = listener.accept();
            } catch (IOException e) {
                if (closed.get()) {
                    return;
                }
                LOG.warnf(e, "SMSC011 accepting a connection on port %d failed", port());
                pause(Duration.ofMillis(100));
                continue;
            }
            connections.add(session);
            sockets.put(session, socket.lastAccepted());
            try {
                binders.execute(() -> awaitBind(session));
            } catch (RejectedExecutionException e) {
                // Closing: the pool is gone, so is this connection.
                session.close();
                connections.remove(session);
            }
        }
    }

    private void awaitBind(SMPPServerSession session) {
        BindRequest request;
        try {
            request = session.waitForBind(BIND_TIMEOUT_MS);
        } catch (TimeoutException e) {
            LOG.infof("SMSC012 session %s sent no bind within %d ms, closed", session.getSessionId(), BIND_TIMEOUT_MS);
            connections.remove(session);
            return;
        } catch (IllegalStateException e) {
            LOG.warnf("SMSC013 session %s closed before binding: %s", session.getSessionId(), e.getMessage());
            session.close();
            connections.remove(session);
            return;
        }
        int status = bindStatus(request);
        try {
            if (status != SMPPConstant.STAT_ESME_ROK) {
                request.reject(status);
                LOG.infof("SMSC004 %s from system id %s rejected with status 0x%08x",
                        request.getBindType(), request.getSystemId(), status);
                // The ESME closes on a refused bind; closing at once could reset the link before it
                // reads the bind_resp, so only close what is still open a little later.
                closeLater(session, REJECTED_BIND_GRACE);
                return;
            }
            // Registered before the bind_resp so a submit_sm sent right after it finds its account.
            bound.add(session, request.getSystemId(), request.getBindType());
            request.accept(SMSC_SYSTEM_ID, request.getInterfaceVersion());
            if (!session.getSessionState().isBound()) {
                bound.remove(session);
                return;
            }
            LOG.infof("SMSC003 session %s bound as %s for system id %s (%d bound)",
                    session.getSessionId(), request.getBindType(), request.getSystemId(), bound.count());
        } catch (PDUStringException | IOException e) {
            LOG.warnf(e, "SMSC014 answering the bind of session %s failed, closing it", session.getSessionId());
            bound.remove(session);
            session.close();
            connections.remove(session);
        }
    }

    private void closeLater(SMPPServerSession session, Duration grace) {
        try {
            scheduler.schedule(() -> {
                session.close();
                connections.remove(session);
            }, grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            session.close();
            connections.remove(session);
        }
    }

    private int bindStatus(BindRequest request) {
        if (!config.systemId().equals(request.getSystemId())) {
            return SMPPConstant.STAT_ESME_RINVSYSID;
        }
        String offered = request.getPassword() == null ? "" : request.getPassword();
        boolean passwordMatches = MessageDigest.isEqual(
                config.password().getBytes(StandardCharsets.UTF_8), offered.getBytes(StandardCharsets.UTF_8));
        return passwordMatches ? SMPPConstant.STAT_ESME_ROK : SMPPConstant.STAT_ESME_RINVPASWD;
    }

    // ---------------------------------------------------------------- submits

    private AcceptedSubmit accept(SubmitSm submitSm, SMPPServerSession session) throws ProcessRequestException {
        countArrival();
        BoundSessions.Bound account = bound.get(session).orElseThrow(() ->
                new ProcessRequestException("session is not bound", SMPPConstant.STAT_ESME_RINVBNDSTS));
        if (submitSm.getDestAddress() == null || submitSm.getDestAddress().isEmpty()) {
            throw new ProcessRequestException("destination_addr is empty", SMPPConstant.STAT_ESME_RINVDSTADR);
        }
        int dropAfter = config.faults().dropAfterSubmits();
        if (dropAfter > 0 && submitsBySession.computeIfAbsent(session, k -> new AtomicLong()).incrementAndGet()
                % dropAfter == 0) {
            // Injected link loss: this submit is neither accepted nor answered.
            connectionsDropped.incrementAndGet();
            LOG.infof("SMSC024 session %s: connection dropped after %d submits (injected)", session.getSessionId(),
                    dropAfter);
            session.close();
            throw new ProcessRequestException("connection dropped (injected)", SMPPConstant.STAT_ESME_RSYSERR);
        }
        String body = SubmitBodies.decode(submitSm);
        OutcomePolicy.Decision decision = outcomes.decide(submitSm.getDestAddress());
        if (decision instanceof OutcomePolicy.Reject reject) {
            rejected.incrementAndGet();
            throw new ProcessRequestException(reject.why(), reject.commandStatus());
        }
        ReceiptOutcome outcome = ((OutcomePolicy.Accept) decision).outcome();
        long number = config.idFormat().restartsAtOne() ? localIds.getAndIncrement() : MessageIds.next();
        String id = config.idFormat().response(number);
        MessageId messageId;
        try {
            messageId = new MessageId(id);
        } catch (PDUStringException e) {
            throw new ProcessRequestException("message id " + id + " is not a valid message_id",
                    SMPPConstant.STAT_ESME_RSYSERR, e);
        }
        Submission submission = new Submission(id, account.systemId(), submitSm.getSourceAddr(),
                submitSm.getDestAddress(), body, submitSm.getDataCoding() & 0xFF, clock.instant(),
                submitSm.getValidityPeriod(), submitSm.getPriorityFlag());

        PendingReceipt receipt = receiptRequested(submitSm.getRegisteredDelivery(), outcome)
                ? new PendingReceipt(journal.nextEntry(), submission, number, outcome,
                        submitSm.getSourceAddrTon(), submitSm.getSourceAddrNpi(),
                        submitSm.getDestAddrTon(), submitSm.getDestAddrNpi(),
                        submission.receivedAt().plus(config.receiptDelay()))
                : null;
        if (receipt != null) {
            try {
                // Before the submit_sm_resp: once the ESME has the id, the receipt must survive a kill.
                journal.owed(receipt);
            } catch (IOException e) {
                LOG.errorf(e, "SMSC052 message %s refused: its receipt cannot be written to the journal %s", id,
                        journal.path());
                throw new ProcessRequestException("receipt journal not writable", SMPPConstant.STAT_ESME_RSYSERR, e);
            }
        }
        record(submission);
        LOG.debugf("SMSC020 message %s accepted from session %s (data_coding %d, %d chars, receipt %s)",
                id, session.getSessionId(), submission.dataCoding(), body.length(),
                receipt == null ? "none" : outcome);
        return new AcceptedSubmit(messageId, submission, receipt);
    }

    /** registered_delivery bits 0-1: 1 = always, 2 = on failure only, 3 = on success only (SMPP 5.0). */
    private static boolean receiptRequested(byte registeredDelivery, ReceiptOutcome outcome) {
        if (SMSCDeliveryReceipt.SUCCESS_FAILURE.containedIn(registeredDelivery)) {
            return true;
        }
        if (SMSCDeliveryReceipt.FAILURE.containedIn(registeredDelivery)) {
            return !outcome.isSuccess();
        }
        if (SMSCDeliveryReceipt.SUCCESS.containedIn(registeredDelivery)) {
            return outcome.isSuccess();
        }
        return false;
    }

    private void record(Submission submission) {
        synchronized (retained) {
            if (retained.size() == RETAINED_SUBMISSIONS) {
                retained.removeFirst();
            }
            retained.addLast(submission);
        }
        submissionCount.incrementAndGet();
        for (Consumer<Submission> l : submissionListeners) {
            try {
                l.accept(submission);
            } catch (RuntimeException e) {
                LOG.warnf(e, "SMSC021 submission listener failed for message %s", submission.carrierMessageId());
            }
        }
    }

    // ---------------------------------------------------------------- receipts

    private void schedule(PendingReceipt receipt, Duration delay) {
        try {
            scheduler.schedule(() -> deliver(receipt), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Closing: close() reports what was still pending.
        }
    }

    private void deliver(PendingReceipt receipt) {
        if (holding) {
            held.add(receipt);
            if (holding || !held.remove(receipt)) {
                return;
            }
            // Released meanwhile and not yet drained: send it now.
        }
        Submission submission = receipt.submission();
        var target = bound.receiverFor(submission.systemId());
        if (target.isEmpty()) {
            LOG.debugf("SMSC030 no receiving session for system id %s, receipt for message %s retried in %s",
                    submission.systemId(), submission.carrierMessageId(), RECEIPT_RETRY);
            schedule(receipt, RECEIPT_RETRY);
            return;
        }
        SMPPServerSession session = target.get();
        try {
            OptionalParameter[] tlvs = config.receiptTlvs()
                    ? new OptionalParameter[] {new OptionalParameter.Receipted_message_id(submission.carrierMessageId()),
                            new OptionalParameter.Message_state(receipt.outcome().messageState.value())}
                    : new OptionalParameter[0];
            session.deliverShortMessage("",
                    ton(receipt.destTon()), npi(receipt.destNpi()), submission.destinationAddr(),
                    ton(receipt.sourceTon()), npi(receipt.sourceNpi()), submission.sourceAddr(),
                    new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                    (byte) 0, (byte) 0,
                    new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT),
                    DataCodings.ZERO,
                    Gsm7.encode(DeliveryReceipts.text(config.idFormat().receiptText(receipt.idNumber()),
                            submission.receivedAt(), receipt.doneAt(), receipt.outcome())),
                    tlvs);
            journalDone(receipt, "delivered");
            receiptsSent.incrementAndGet();
            pendingReceipts.decrementAndGet();
            LOG.debugf("SMSC031 receipt %s for message %s delivered on session %s",
                    receipt.outcome(), submission.carrierMessageId(), session.getSessionId());
        } catch (NegativeResponseException e) {
            refused(receipt, session, e);
        } catch (ResponseTimeoutException | InvalidResponseException | IOException e) {
            // The ESME was slow, or the link dropped: a carrier keeps the receipt and tries again.
            if (e instanceof ResponseTimeoutException) {
                receiptsTimedOut.incrementAndGet();
            }
            LOG.infof("SMSC032 receipt for message %s not taken by session %s (%s), retried in %s",
                    submission.carrierMessageId(), session.getSessionId(), describe(e), RECEIPT_RETRY);
            schedule(receipt, RECEIPT_RETRY);
        } catch (PDUException | RuntimeException e) {
            // The deliver_sm itself cannot be built: retrying would fail the same way.
            journalDone(receipt, "dropped");
            pendingReceipts.decrementAndGet();
            LOG.errorf(e, "SMSC033 receipt for message %s dropped: deliver_sm cannot be encoded",
                    submission.carrierMessageId());
        }
    }

    /** The ESME answered a receipt with an error: resend it later, or (strict carrier) drop it and maybe unbind. */
    private void refused(PendingReceipt receipt, SMPPServerSession session, NegativeResponseException e) {
        receiptsRefused.incrementAndGet();
        Faults f = config.faults();
        if (f.dropRefusedReceipts()) {
            journalDone(receipt, "abandoned");
            receiptsAbandoned.incrementAndGet();
            pendingReceipts.decrementAndGet();
            LOG.infof("SMSC034 receipt for message %s refused by session %s (%s); not sent again",
                    receipt.submission().carrierMessageId(), session.getSessionId(), describe(e));
        } else {
            LOG.infof("SMSC032 receipt for message %s not taken by session %s (%s), retried in %s",
                    receipt.submission().carrierMessageId(), session.getSessionId(), describe(e), RECEIPT_RETRY);
            schedule(receipt, RECEIPT_RETRY);
        }
        if (f.unbindAfterRefusals() > 0
                && refusalsBySession.computeIfAbsent(session, k -> new AtomicInteger()).incrementAndGet()
                        == f.unbindAfterRefusals()) {
            refusalUnbinds.incrementAndGet();
            LOG.infof("SMSC035 session %s refused %d receipts; unbinding it", session.getSessionId(),
                    f.unbindAfterRefusals());
            session.unbindAndClose();
        }
    }

    /** Marks {@code receipt} done in the journal; if that fails, the next start sends it again. */
    private void journalDone(PendingReceipt receipt, String why) {
        try {
            journal.done(receipt);
        } catch (IOException e) {
            LOG.warnf("SMSC053 receipt for message %s %s but not marked done in the journal (%s); a restart sends it again",
                    receipt.submission().carrierMessageId(), why, e.getClass().getSimpleName());
        }
    }

    private static String describe(Exception e) {
        if (e instanceof NegativeResponseException n) {
            return String.format("deliver_sm_resp status 0x%08x", n.getCommandStatus());
        }
        return e.getClass().getSimpleName();
    }

    private static TypeOfNumber ton(byte value) {
        try {
            return TypeOfNumber.valueOf(value);
        } catch (IllegalArgumentException e) {
            return TypeOfNumber.UNKNOWN;
        }
    }

    private static NumberingPlanIndicator npi(byte value) {
        try {
            return NumberingPlanIndicator.valueOf(value);
        } catch (IllegalArgumentException e) {
            return NumberingPlanIndicator.UNKNOWN;
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The submit_sm_resp result, carrying the receipt owed (or null) to {@code onSubmitSmRespSent}:
     * the receipt is only scheduled once the ESME has the message id, so it can never overtake it.
     */
    private static final class AcceptedSubmit extends SubmitSmResult {
        final Submission submission;
        final PendingReceipt receipt;

        AcceptedSubmit(MessageId messageId, Submission submission, PendingReceipt receipt) {
            super(messageId, OptionalParameters.EMPTY_OPTIONAL_PARAMETERS);
            this.submission = submission;
            this.receipt = receipt;
        }
    }

    /** jSMPP callbacks, kept off the public API. */
    private final class Handler implements ServerMessageReceiverListener, ServerResponseDeliveryListener,
            SessionStateListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source)
                throws ProcessRequestException {
            try {
                return accept(submitSm, source);
            } catch (ProcessRequestException e) {
                LOG.infof("SMSC022 submit_sm on session %s rejected with status 0x%08x: %s",
                        source.getSessionId(), e.getErrorCode(), e.getMessage());
                throw e;
            }
        }

        @Override
        public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession source) {
            LinkGate gate = sockets.get(source);
            if (result instanceof AcceptedSubmit accepted && gate != null
                    && gate.dropped(accepted.submission.carrierMessageId())) {
                // Written after the link was shut: the ESME never got it.
                unanswered.add(accepted.submission);
                if (accepted.receipt != null) {
                    journalDone(accepted.receipt, "never owed (submit_sm_resp lost)");
                }
                return;
            }
            int closeAfter = config.faults().closeAfterAnswers();
            if (closeAfter > 0 && result instanceof AcceptedSubmit
                    && answersBySession.computeIfAbsent(source, k -> new AtomicLong()).incrementAndGet() % closeAfter == 0) {
                // Injected: the response is on the wire, then the link goes (FIN after it), as when an
                // SMSC shuts down; the ESME reads what was sent, nothing more is written (LinkGate),
                // and the close comes a second later, once the ESME has hung up (no RST).
                connectionsDropped.incrementAndGet();
                LOG.infof("SMSC026 session %s: connection closed right after answering %d submits (injected)",
                        source.getSessionId(), closeAfter);
                if (gate != null) {
                    gate.shut();
                }
                closeLater(source, Duration.ofSeconds(1));
            }
            if (result instanceof AcceptedSubmit accepted && accepted.receipt != null) {
                pendingReceipts.incrementAndGet();
                long jitter = config.faults().receiptJitter().toNanos();
                schedule(accepted.receipt, jitter == 0 ? config.receiptDelay()
                        : config.receiptDelay().plusNanos(
                                java.util.concurrent.ThreadLocalRandom.current().nextLong(jitter + 1)));
            }
        }

        @Override
        public void onSubmitSmRespError(SubmitSmResult result, Exception cause, SMPPServerSession source) {
            // The ESME never learned the id, so a receipt for it would be noise.
            if (result instanceof AcceptedSubmit accepted) {
                unanswered.add(accepted.submission);
                if (accepted.receipt != null) {
                    journalDone(accepted.receipt, "never owed (submit_sm_resp not sent)");
                }
            }
            LOG.warnf("SMSC023 submit_sm_resp for message %s not sent on session %s (%s); no receipt will follow",
                    result.getMessageId(), source.getSessionId(), cause.getClass().getSimpleName());
        }

        @Override
        public void onStateChange(SessionState newState, SessionState oldState, Session source) {
            if (newState == SessionState.CLOSED || newState == SessionState.UNBOUND) {
                if (source instanceof SMPPServerSession session) {
                    boolean wasBound = bound.get(session).isPresent();
                    bound.remove(session);
                    if (newState == SessionState.CLOSED) {
                        connections.remove(session);
                        submitsBySession.remove(session);
                        refusalsBySession.remove(session);
                        answersBySession.remove(session);
                        sockets.remove(session);
                    }
                    if (wasBound) {
                        LOG.infof("SMSC005 session %s %s (%d bound)", source.getSessionId(),
                                newState == SessionState.CLOSED ? "closed" : "unbound", bound.count());
                    }
                }
            }
        }

        @Override
        public void onSubmitMultiRespSent(SubmitMultiResult result, SMPPServerSession source) {
            // submit_multi is refused in onAcceptSubmitMulti; nothing is ever sent.
        }

        @Override
        public void onSubmitMultiRespError(SubmitMultiResult result, Exception cause, SMPPServerSession source) {
            // As above.
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("submit_multi");
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("query_sm");
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("replace_sm");
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("cancel_sm");
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("broadcast_sm");
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("cancel_broadcast_sm");
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("query_broadcast_sm");
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw unsupported("data_sm");
        }

        private ProcessRequestException unsupported(String operation) {
            return new ProcessRequestException(operation + " is not supported by the simulator",
                    SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }
}
