package dev.sealedsms.policy.metrics;

import dev.sealedsms.envelope.cdi.VaultMetrics;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.policy.rules.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * policy-service's own meters (docs/metrics.md), served at {@code /q/metrics}:
 * {@code sealed_messages_total{status=ACCEPTED|REJECTED,reason,tenant}}, counted when the
 * decision is final (ACCEPTED once {@code sms.approved} acknowledged it, as its receipt says), and
 * {@code sealed_policy_decision_seconds{outcome}}, the rules and limits of one submission, Vault
 * included when the recipient token was not cached. The Vault client's through
 * {@link VaultMetrics}. Every meter carries {@code service="policy-service"}. Labels are bounded
 * (tenant, status, reason code); never a message id, a body or a number.
 */
@ApplicationScoped
public class PolicyMetrics {

    public static final String SERVICE = "policy-service";

    private final MeterRegistry registry;
    private final Timer approvedTime;
    private final Timer rejectedTime;

    PolicyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.approvedTime = decisionTimer(registry, "approved");
        this.rejectedTime = decisionTimer(registry, "rejected");
    }

    /** The rules (and limits) decided; {@code nanos} since the submission arrived. */
    public void decided(boolean approved, long nanos) {
        (approved ? approvedTime : rejectedTime).record(Duration.ofNanos(nanos));
    }

    /** The message was accepted: on {@code sms.approved}, its ACCEPTED receipt written. */
    public void accepted(String tenant) {
        messages(ReceiptStatus.ACCEPTED, "none", tenant);
    }

    /** The message was refused with {@code reason}. */
    public void rejected(String tenant, Reason reason) {
        messages(ReceiptStatus.REJECTED, reason.name(), tenant);
    }

    private void messages(ReceiptStatus status, String reason, String tenant) {
        registry.counter("sealed.messages", "status", status.name(), "reason", reason, "tenant",
                tenant == null ? "unknown" : tenant).increment();
    }

    private static Timer decisionTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("sealed.policy.decision")
                .description("Time to decide one submission: rules, consent (Vault when not cached), limits")
                .tag("outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }
}
