package dev.sealedsms.dispatch.smpp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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

    SmppMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Serves the window and state of {@code bind} for as long as the service runs. */
    void watch(Bind bind, CarrierSettings carrier, int index) {
        counters(carrier.name());
        Tags tags = Tags.of("carrier", carrier.name(), "bind", Integer.toString(index));
        Gauge.builder("sealed.smpp.window.in.flight", bind, Bind::outstanding).tags(tags)
                .description("submit_sm sent on this bind and not yet answered").strongReference(true).register(registry);
        Gauge.builder("sealed.smpp.window.size", carrier, CarrierSettings::window).tags(tags)
                .description("submit_sm this bind may have unanswered at once").strongReference(true).register(registry);
        Gauge.builder("sealed.smpp.bind.up", bind, b -> b.up() ? 1 : 0).tags(tags)
                .description("1 while the bind is bound and can submit").strongReference(true).register(registry);
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
