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
 * <li>{@code sealed_accepted_to_terminal_seconds{carrier,status}}: to its terminal receipt;
 * <li>{@code sealed_receipts_refused_total{carrier,status}}: receipts answered with a non-zero
 * deliver_sm_resp (only when Kafka could not take what they changed; the carrier resends them);
 * <li>{@code sealed_receipts_orphaned_total{carrier}}: receipts that matched no message, kept on
 * {@code sms.dispatch.orphans} and acknowledged;
 * <li>{@code sealed_receipts_orphans_resolved_total{carrier}}: orphans applied once their message showed up;
 * <li>{@code sealed_messages_expired_without_receipt_total{carrier}}: messages dispatch ended EXPIRED
 * (reason NO_RECEIPT) because no receipt came by their validity plus {@code sealed.smpp.expiry-grace}.
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

    /** The receipt counters of {@code carrier}, at zero, so a scrape shows them before the first one. */
    public void receiptCounters(String carrier) {
        orphaned(carrier);
        resolved(carrier);
        expired(carrier);
        refused(carrier, "0x00000064");
    }

    /** A message with no receipt by its validity plus the grace was ended EXPIRED by dispatch. */
    public void expiredWithoutReceipt(String carrier) {
        expired(carrier).increment();
    }

    private io.micrometer.core.instrument.Counter expired(String carrier) {
        return io.micrometer.core.instrument.Counter.builder("sealed.messages.expired.without.receipt")
                .tag("carrier", carrier)
                .description("messages dispatch ended EXPIRED because no receipt came by validity plus grace")
                .register(registry);
    }

    public void receiptOrphaned(String carrier) {
        orphaned(carrier).increment();
    }

    public void orphanResolved(String carrier) {
        resolved(carrier).increment();
    }

    /** A deliver_sm_resp with {@code status} (hex, as SmppStatus.code writes it) went to {@code carrier}. */
    public void receiptRefused(String carrier, String status) {
        refused(carrier, status).increment();
    }

    private io.micrometer.core.instrument.Counter orphaned(String carrier) {
        return io.micrometer.core.instrument.Counter.builder("sealed.receipts.orphaned").tag("carrier", carrier)
                .description("receipts that matched no message, kept on sms.dispatch.orphans and acknowledged")
                .register(registry);
    }

    private io.micrometer.core.instrument.Counter resolved(String carrier) {
        return io.micrometer.core.instrument.Counter.builder("sealed.receipts.orphans.resolved").tag("carrier", carrier)
                .description("orphan receipts applied once their message showed up").register(registry);
    }

    private io.micrometer.core.instrument.Counter refused(String carrier, String status) {
        return io.micrometer.core.instrument.Counter.builder("sealed.receipts.refused")
                .tags("carrier", carrier, "status", status)
                .description("receipts answered with a non-zero deliver_sm_resp; the carrier resends them")
                .register(registry);
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
