package dev.sealedsms.dispatch.metrics;

import dev.sealedsms.envelope.cdi.VaultMetrics;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * dispatch-service's lifecycle meters (docs/metrics.md), served at {@code /q/metrics}, fed by every
 * receipt it writes to {@code sms.receipts} once Kafka acknowledged it:
 * <ul>
 * <li>{@code sealed_messages_total{status,reason,tenant,carrier}}: SUBMITTED, DELIVERED,
 * UNDELIVERED, EXPIRED, FAILED;
 * <li>{@code sealed_accepted_to_submitted_seconds{carrier}}: from the API's acceptance to the
 * carrier taking the message;
 * <li>{@code sealed_accepted_to_terminal_seconds{carrier,status}}: to its terminal receipt.
 * </ul>
 * SMPP windows and round trips are {@code smpp.SmppMetrics}; the Vault client's are
 * {@link VaultMetrics}. Every meter carries {@code service="dispatch-service"}. Labels are bounded
 * (tenant, carrier, status, reason code); never a message or carrier message id, a body or a number.
 */
@ApplicationScoped
public class DispatchMetrics {

    public static final String SERVICE = "dispatch-service";
    /** The carrier label of a message that never reached one (expired or failed before submit). */
    public static final String NO_CARRIER = "none";

    private final MeterRegistry registry;

    DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code r} is on {@code sms.receipts}. */
    public void recorded(Receipt r) {
        String carrier = r.carrier() == null ? NO_CARRIER : r.carrier();
        registry.counter("sealed.messages", "status", r.status().name(), "reason",
                r.reason() == null ? "none" : r.reason(), "tenant", r.tenant() == null ? "unknown" : r.tenant(),
                "carrier", carrier).increment();
        if (r.acceptedAt() == null || r.occurredAt() == null) {
            return;
        }
        Duration sinceAccepted = Duration.between(r.acceptedAt(), r.occurredAt());
        if (sinceAccepted.isNegative()) {
            sinceAccepted = Duration.ZERO; // clocks of two hosts
        }
        if (r.status() == ReceiptStatus.SUBMITTED) {
            latency("sealed.accepted.to.submitted", "From acceptance by the API to the carrier taking the message",
                    Tags.of("carrier", carrier)).record(sinceAccepted);
        } else if (r.status().terminal()) {
            latency("sealed.accepted.to.terminal", "From acceptance by the API to the message's terminal receipt",
                    Tags.of("carrier", carrier, "status", r.status().name())).record(sinceAccepted);
        }
    }

    private Timer latency(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofDays(3))
                .register(registry);
    }
}
