package dev.sealedsms.dispatch.smpp;

import dev.sealedsms.dispatch.config.SmppConfig;
import dev.sealedsms.dispatch.routing.Router;
import dev.sealedsms.dispatch.throughput.Pacer;
import dev.sealedsms.dispatch.throughput.RateLimiter;
import dev.sealedsms.dispatch.throughput.ReplicaCount;
import dev.sealedsms.envelope.Backoff;
import dev.sealedsms.events.SealedContent;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.TextEncoding;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;
import org.jsmpp.bean.Command;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;

/**
 * Every carrier link of this replica: N binds per carrier, routing, the per-carrier throughput
 * limit, and the retry rules for submits. Submits are asynchronous end to end: a part takes a free
 * window slot, its submit_sm is written, and the response completes a future on jSMPP's reader;
 * retries wait on a scheduler, never on a thread.
 *
 * <p>What a failure means is decided once in {@link SmppStatus#classify} (carrier answers) and
 * {@link #transport} (timeouts, lost links); what to do about it is decided here:
 * <ul>
 * <li>THROTTLED: the same carrier again after backoff with jitter; other messages go on meanwhile;
 * <li>RETRYABLE: the next carrier of the route (if its binds are up), after backoff;
 * <li>PERMANENT: the message fails with the SMPP status;
 * <li>validity passed while waiting: EXPIRED, never submitted again.
 * </ul>
 * Parts of one message stay on the carrier that took the first one, so they can be joined.
 */
@ApplicationScoped
public class CarrierSession {

    private static final Logger LOG = Logger.getLogger(CarrierSession.class);
    private static final dev.sealedsms.dispatch.metrics.RateLimitedLog LOG_THROTTLED =
            new dev.sealedsms.dispatch.metrics.RateLimitedLog(LOG, Duration.ofSeconds(10));
    private static final RegisteredDelivery RECEIPT_REQUESTED = new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE);
    /** How often a submit waiting for a window slot looks again. */
    private static final Duration SLOT_POLL = Duration.ofMillis(2);

    /**
     * Told of each part the carrier took, on the link's reader thread, before the next PDU of that
     * link is read: whatever it records is there before a receipt for {@code carrierMessageId} can be.
     */
    @FunctionalInterface
    public interface PartAccepted {
        void accepted(String carrier, int part, String carrierMessageId);
    }

    /** What a successful submit produced: the carrier, and one carrier message id per part. */
    public record Submitted(String carrier, List<String> carrierMessageIds, TextEncoding encoding, int segments) {
    }

    private final SmppConfig config;
    private final ReplicaCount replicas;
    private final Backoff backoff;
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private volatile Router router;
    /** Window, bind state and submit_sm round trips, per carrier and bind (docs/metrics.md). */
    @jakarta.inject.Inject
    SmppMetrics metrics;
    private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    /** Until the receipt handler is registered, deliver_sm are refused so the carrier sends them again. */
    private volatile DeliveryListener.Handler deliveries = (c, d) -> {
        throw new org.jsmpp.extra.ProcessRequestException("not ready", SmppStatus.ESME_RX_T_APPN);
    };

    /** One carrier: its binds, its limiter and the pacer that holds submits to it, a round-robin cursor. */
    private record Link(CarrierSettings settings, List<Bind> binds, RateLimiter limiter, Pacer pacer, AtomicInteger cursor) {
        boolean up() {
            return binds.stream().anyMatch(Bind::up);
        }

        Bind trySlot() {
            int n = binds.size();
            int start = Math.floorMod(cursor.getAndIncrement(), n);
            for (int i = 0; i < n; i++) {
                Bind b = binds.get((start + i) % n);
                if (b.tryAcquire()) {
                    return b;
                }
            }
            return null;
        }
    }

    CarrierSession(SmppConfig config, ReplicaCount replicas) {
        this.config = config;
        this.replicas = replicas;
        this.backoff = new Backoff(config.retryInitial(), config.retryMax());
        this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "dispatch-smpp-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Where delivery receipts and MO messages go. */
    public void onDeliver(DeliveryListener.Handler handler) {
        this.deliveries = handler;
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        for (CarrierSettings s : CarrierSettings.from(config)) {
            DeliveryListener listener = new DeliveryListener(s.name(), (c, d) -> deliveries.accept(c, d));
            List<Bind> binds = new ArrayList<>();
            for (int i = 0; i < s.binds(); i++) {
                Bind bind = new Bind(s, i + 1, config, scheduler, listener, metrics);
                metrics.watch(bind, s, i + 1);
                binds.add(bind);
            }
            RateLimiter limiter = new RateLimiter(s.maxTps(), replicas::get);
            metrics.watchRate(s.name(), limiter);
            links.put(s.name(), new Link(s, List.copyOf(binds), limiter, new Pacer(limiter, scheduler), new AtomicInteger()));
        }
        router = new Router(config.routes(), config.carrier(), links.keySet(), RandomGenerator.getDefault());
        links.values().forEach(l -> l.binds().forEach(Bind::start));
        started.countDown();
        LOG.infof("SD0105 carriers: %s", links.values().stream().map(l -> l.settings().toString()).toList());
    }

    void stop(@Observes ShutdownEvent event) {
        for (Link l : links.values()) {
            for (Bind b : l.binds()) {
                b.stop(config.responseTimeout());
            }
        }
        scheduler.shutdownNow();
        LOG.infof("SD0106 carriers stopped: %d throttled answers, %d retries", throttled.get(), retried.get());
    }

    /** True when some bind of some carrier is up. */
    public boolean bound() {
        return links.values().stream().anyMatch(Link::up);
    }

    /** Names of the carriers, default first. */
    public List<String> carriers() {
        return List.copyOf(links.keySet());
    }

    /** submit_sm answered ESME_RTHROTTLED / ESME_RMSGQFUL so far. */
    public long throttledCount() {
        return throttled.get();
    }

    /** Carrier that receipts name when nothing else is known. */
    public String defaultCarrier() {
        return config.carrier();
    }

    /**
     * Waits until some bind has a free window slot, or {@code max} passes. This is the only wait on
     * the consuming thread, and it is backpressure: it happens when every window is full.
     */
    public void awaitCapacity(Duration max) {
        try {
            // Records can arrive before the start-up observer ran; wait for the links to exist.
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            for (Link l : links.values()) {
                for (Bind b : l.binds()) {
                    if (b.up() && b.outstanding() < l.settings().window()) {
                        return;
                    }
                }
            }
            try {
                Thread.sleep(SLOT_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The encoding and segments a body will travel in. */
    public static SmppText.Part[] partsOf(String body) {
        return SmppText.of(body, false).parts().toArray(SmppText.Part[]::new);
    }

    /** The encoding a body travels in; receipts report it. */
    public static TextEncoding encodingOf(String body) {
        return SmppText.of(body, false).encoding();
    }

    /**
     * Submits every part of {@code m}; completes with the carrier ids, or exceptionally with a
     * {@link SubmitException} of kind PERMANENT or EXPIRED. Retries happen inside.
     */
    public CompletableFuture<Submitted> submit(SealedMessage m, SealedContent content, PartAccepted onAccepted) {
        String destination = content.recipient().startsWith("+") ? content.recipient().substring(1) : content.recipient();
        Job job = new Job(m, destination, router.route(destination), content.body(), onAccepted);
        for (int i = 0; i < job.ids.length; i++) {
            attempt(job, i);
        }
        return job.result;
    }

    /** One message on its way: parts, route, where it is pinned, what each part got. */
    private final class Job {
        final SealedMessage m;
        final String destination;
        final List<String> route;
        final String body;
        final String[] ids;
        final int[] attempts;
        final AtomicInteger remaining;
        final CompletableFuture<Submitted> result = new CompletableFuture<>();
        final PartAccepted onAccepted;
        int routeIndex;
        String pinned;
        SmppText text;

        Job(SealedMessage m, String destination, List<String> route, String body, PartAccepted onAccepted) {
            this.m = m;
            this.onAccepted = onAccepted;
            this.destination = destination;
            this.route = route;
            this.body = body;
            this.text = SmppText.of(body, links.get(route.get(0)).settings().sarTlvs());
            this.ids = new String[text.segments()];
            this.attempts = new int[ids.length];
            this.remaining = new AtomicInteger(ids.length);
        }

        synchronized String carrier() {
            if (pinned != null) {
                return pinned;
            }
            // Fail over past carriers whose binds are all down.
            for (int i = 0; i < route.size(); i++) {
                String c = route.get((routeIndex + i) % route.size());
                if (links.get(c).up()) {
                    return c;
                }
            }
            return route.get(routeIndex % route.size());
        }

        synchronized void failover() {
            if (pinned == null && route.size() > 1) {
                routeIndex++;
            }
        }

        synchronized void accepted(String carrier) {
            if (pinned == null) {
                pinned = carrier;
            }
        }
    }

    private void attempt(Job job, int part) {
        if (job.result.isDone()) {
            return;
        }
        Instant notAfter = job.m.notAfter();
        if (notAfter != null && notAfter.isBefore(Instant.now()) && job.remaining.get() == job.ids.length) {
            job.result.completeExceptionally(new SubmitException(SubmitException.Kind.EXPIRED, null,
                    "validity ended before the carrier took the message"));
            return;
        }
        String carrier = job.carrier();
        Link link = links.get(carrier);
        Bind bind = link.trySlot();
        if (bind == null) {
            later(() -> attempt(job, part), link.up() ? SLOT_POLL : backoff.delay(++job.attempts[part]));
            return;
        }
        SubmitPdu pdu = pdu(job, link.settings(), part);
        link.pacer().submit(() -> bind.send(pdu, priority(job.m), id -> job.onAccepted.accepted(carrier, part, id))
                .whenComplete((resp, err) -> answered(job, part, carrier, resp, err)));
    }

    private void answered(Job job, int part, String carrier, Command resp, Throwable err) {
        SubmitException failure = err != null ? transport(err) : status(resp);
        if (failure == null) {
            job.accepted(carrier);
            job.ids[part] = AsyncSmppSession.messageId(resp);
            if (job.remaining.decrementAndGet() == 0) {
                job.result.complete(new Submitted(carrier, List.of(job.ids), job.text.encoding(), job.ids.length));
            }
            return;
        }
        int attempt = ++job.attempts[part];
        switch (failure.kind()) {
            case THROTTLED -> {
                throttled.incrementAndGet();
                retried.incrementAndGet();
                Link link = links.get(carrier);
                if (link.limiter().throttled()) {
                    LOG_THROTTLED.warn("SD0012 carrier %s answers ESME_RTHROTTLED: pacing it at %.0f/s (configured %d/s)",
                            carrier, link.limiter().currentTps(), link.settings().maxTps());
                }
                metrics.throttled(carrier);
                LOG.debugf("SD0004 message %s tenant %s part %d throttled by %s, attempt %d", job.m.messageId(),
                        job.m.tenant(), part + 1, carrier, attempt);
                later(() -> attempt(job, part), backoff.delay(attempt));
            }
            case RETRYABLE -> {
                retried.incrementAndGet();
                LOG.warnf("SD0004 message %s tenant %s part %d: %s at %s, attempt %d", job.m.messageId(),
                        job.m.tenant(), part + 1, failure.getMessage(), carrier, attempt);
                job.failover();
                later(() -> attempt(job, part), backoff.delay(attempt));
            }
            default -> job.result.completeExceptionally(failure);
        }
    }

    /** Transport trouble: no response in time, the link broke. Always retryable. */
    private static SubmitException transport(Throwable err) {
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                ? err.getCause() : err;
        String what = cause instanceof TimeoutException ? "no submit_sm_resp in time"
                : cause instanceof IOException ? "carrier link failed" : "submit failed: " + cause.getClass().getSimpleName();
        return new SubmitException(SubmitException.Kind.RETRYABLE, null, what);
    }

    /** null for ESME_ROK, else the classified refusal. */
    private static SubmitException status(Command resp) {
        int status = resp.getCommandStatus();
        if (status == SmppStatus.ESME_ROK && AsyncSmppSession.messageId(resp) != null) {
            return null;
        }
        if (status == SmppStatus.ESME_ROK) {
            return new SubmitException(SubmitException.Kind.RETRYABLE, null, "generic_nack without status");
        }
        String code = SmppStatus.code(status);
        return new SubmitException(SmppStatus.classify(status), code,
                "carrier answered submit_sm with command_status " + code);
    }

    private SubmitPdu pdu(Job job, CarrierSettings carrier, int part) {
        SmppText.Part p = job.text.parts().get(part);
        String sender = job.m.senderId();
        boolean numericSender = sender.matches("\\+?[0-9]+");
        ESMClass esm = p.udhi() ? new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI)
                : new ESMClass();
        return new SubmitPdu(numericSender ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC,
                numericSender ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN, sender.replace("+", ""),
                job.destination, esm, RECEIPT_REQUESTED, job.text.dataCoding(), p.shortMessage(), p.tlvs(),
                validityPeriod(job.m.notAfter() != null ? job.m.notAfter() : Instant.now().plus(config.defaultValidity())));
    }

    private static final java.time.format.DateTimeFormatter SMPP_ABSOLUTE = java.time.format.DateTimeFormatter
            .ofPattern("yyMMddHHmmss").withZone(java.time.ZoneOffset.UTC);

    /** The message's not-after as SMPP 3.4 absolute time in UTC ({@code YYMMDDhhmmss000+}), so the carrier gives up when we do. */
    static String validityPeriod(Instant notAfter) {
        return notAfter == null ? null : SMPP_ABSOLUTE.format(notAfter) + "000+";
    }

    /** priority_flag (SMPP 3.4 §5.2.14) by category: OTP highest, marketing lowest. */
    static byte priority(SealedMessage m) {
        if (m.category() == null) {
            return 1;
        }
        return switch (m.category()) {
            case OTP -> 2;
            case TRANSACTIONAL -> 1;
            case MARKETING -> 0;
        };
    }

    /**
     * Sends one plain message (a HELP reply) on the given carrier, without receipt or retries.
     */
    public CompletableFuture<Command> reply(String carrier, String from, String to, String body) {
        Link link = links.getOrDefault(carrier, links.get(config.carrier()));
        Bind bind = link.trySlot();
        if (bind == null) {
            return CompletableFuture.failedFuture(new IOException("no free bind"));
        }
        SmppText text = SmppText.of(body, false);
        SmppText.Part p = text.parts().get(0);
        boolean numeric = from.matches("[0-9]+");
        SubmitPdu pdu = new SubmitPdu(numeric ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC,
                numeric ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN, from, to,
                p.udhi() ? new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI) : new ESMClass(),
                new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT), text.dataCoding(), p.shortMessage(), p.tlvs(), null);
        // A reply counts against the carrier's TPS like any submit, so it waits its turn.
        CompletableFuture<Command> sent = new CompletableFuture<>();
        link.pacer().submit(() -> bind.send(pdu, (byte) 1, id -> { }).whenComplete((r, e) -> {
            if (e != null) {
                sent.completeExceptionally(e);
            } else {
                sent.complete(r);
            }
        }));
        return sent;
    }

    private void later(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: the record is not acknowledged, so it is redelivered after restart.
        }
    }
}
