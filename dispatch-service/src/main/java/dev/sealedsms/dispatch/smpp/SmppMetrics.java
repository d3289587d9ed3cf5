package dev.sealedsms.dispatch.smpp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jsmpp.bean.Command;

/**
 * The SMPP links as Prometheus sees them (docs/metrics.md), per carrier and bind
 * ({@code bind="1"} … the carrier's {@code binds}):
 * <ul>
 * <li>{@code sealed_smpp_window_in_flight}: submit_sm sent and not yet answered;
 * <li>{@code sealed_smpp_window_size}: how many may be (the carrier's {@code window});
 * <li>{@code sealed_smpp_bind_up}: 1 while the bind can submit (and receive, for TX+RX binds);
 * <li>{@code sealed_smpp_submit_seconds{carrier,outcome}}: submit_sm to its response, by
 * {@code ok}, {@code refused} (an error command_status, throttling included), {@code timeout}
 * (no response in time) or {@code failed} (the link broke);
 * <li>{@code sealed_smpp_resubmitted_after_drop_total{carrier}}: submits whose link closed before
 * their response was read; they are submitted again (a duplicate at the carrier if it had taken them);
 * <li>{@code sealed_smpp_responses_before_drop_total{carrier}}: submit_sm_resp read within 100 ms
 * before their link closed; they count, nothing is submitted again;
 * <li>{@code sealed_smpp_late_responses_total{carrier}}: submit_sm_resp that came after their timeout;
 * <li>{@code sealed_smpp_rate_limit{carrier}}: submits/s this replica paces the carrier at now;
 * <li>{@code sealed_smpp_throttled_total{carrier}}: submit_sm answered ESME_RTHROTTLED or ESME_RMSGQFUL;
 * <li>{@code sealed_smpp_receipt_backlog_full_total{carrier}}: times a bind stopped reading its link
 * because its receipt backlog was full (back-pressure instead of refusing receipts).
 * </ul>
 * In this package because a {@link Bind} is its own business; it exposes nothing else.
 */
@ApplicationScoped
public class SmppMetrics {

    private final MeterRegistry registry;
    /** Timers by carrier and outcome, looked up once: this is on every submit's path. */
    private final ConcurrentHashMap<String, Timer> submitTimers = new ConcurrentHashMap<>();

    /** Gauges of this run's binds and limiters: removed at shutdown, so a restart in the same JVM (tests) starts clean. */
    private final java.util.List<io.micrometer.core.instrument.Meter> gauges = new java.util.concurrent.CopyOnWriteArrayList<>();

    SmppMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void stop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        gauges.forEach(registry::remove);
        gauges.clear();
    }

    /** Serves the window and state of {@code bind} for as long as the service runs. */
    void watch(Bind bind, CarrierSettings carrier, int index) {
        counters(carrier.name());
        Tags tags = Tags.of("carrier", carrier.name(), "bind", Integer.toString(index));
        // A gauge already registered under these tags (an earlier start in the same JVM, as tests do)
        // would keep reading the old Bind: replace it.
        for (String name : List.of("sealed.smpp.window.in.flight", "sealed.smpp.window.size", "sealed.smpp.bind.up")) {
            registry.find(name).tags(tags).meters().forEach(registry::remove);
        }
        gauges.add(Gauge.builder("sealed.smpp.window.in.flight", bind, Bind::outstanding).tags(tags)
                .description("submit_sm sent on this bind and not yet answered").strongReference(true).register(registry));
        gauges.add(Gauge.builder("sealed.smpp.window.size", carrier, CarrierSettings::window).tags(tags)
                .description("submit_sm this bind may have unanswered at once").strongReference(true).register(registry));
        gauges.add(Gauge.builder("sealed.smpp.bind.up", bind, b -> b.up() ? 1 : 0).tags(tags)
                .description("1 while the bind is bound and can submit").strongReference(true).register(registry));
    }

    /** Registered up front, so a scrape shows them at zero. */
    private void counters(String carrier) {
        resubmitted(carrier);
        beforeDrop(carrier);
        late(carrier);
        backlogFull(carrier);
    }

    private Counter resubmitted(String carrier) {
        return Counter.builder("sealed.smpp.resubmitted.after.drop").tag("carrier", carrier)
                .description("submit_sm whose link closed before their response was read; submitted again")
                .register(registry);
    }

    private Counter beforeDrop(String carrier) {
        return Counter.builder("sealed.smpp.responses.before.drop").tag("carrier", carrier)
                .description("submit_sm_resp read within 100 ms before their link closed; they count")
                .register(registry);
    }

    private Counter late(String carrier) {
        return Counter.builder("sealed.smpp.late.responses").tag("carrier", carrier)
                .description("submit_sm_resp that came after the submit had timed out").register(registry);
    }

    private Counter backlogFull(String carrier) {
        return Counter.builder("sealed.smpp.receipt.backlog.full").tag("carrier", carrier)
                .description("times a bind stopped reading its link until a receipt was answered").register(registry);
    }

    /** The pace the carrier's limiter holds now (adaptive: below max-tps after ESME_RTHROTTLED). */
    void watchRate(String carrier, dev.sealedsms.dispatch.throughput.RateLimiter limiter) {
        registry.find("sealed.smpp.rate.limit").tags("carrier", carrier).meters().forEach(registry::remove);
        gauges.add(Gauge.builder("sealed.smpp.rate.limit", limiter,
                dev.sealedsms.dispatch.throughput.RateLimiter::currentTps).tag("carrier", carrier)
                .description("submits per second this replica paces the carrier at now").strongReference(true)
                .register(registry));
        throttles(carrier);
    }

    private Counter throttles(String carrier) {
        return Counter.builder("sealed.smpp.throttled").tag("carrier", carrier)
                .description("submit_sm answered ESME_RTHROTTLED or ESME_RMSGQFUL").register(registry);
    }

    void throttled(String carrier) {
        throttles(carrier).increment();
    }

    void linkClosed(String carrier, int failed, int justBefore) {
        resubmitted(carrier).increment(failed);
        beforeDrop(carrier).increment(justBefore);
    }

    void lateResponse(String carrier) {
        late(carrier).increment();
    }

    void receiptBacklogFull(String carrier) {
        backlogFull(carrier).increment();
    }

    /** One submit_sm got its answer (or none) after {@code nanos}. */
    void answered(String carrier, Command response, Throwable failure, long nanos) {
        String outcome;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                    : failure;
            outcome = cause instanceof TimeoutException ? "timeout" : "failed";
        } else {
            outcome = response.getCommandStatus() == SmppStatus.ESME_ROK ? "ok" : "refused";
        }
        String o = outcome;
        submitTimers.computeIfAbsent(carrier + '\0' + outcome, k -> Timer.builder("sealed.smpp.submit")
                .description("submit_sm round trip: sent to its submit_sm_resp")
                .tags("carrier", carrier, "outcome", o).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
