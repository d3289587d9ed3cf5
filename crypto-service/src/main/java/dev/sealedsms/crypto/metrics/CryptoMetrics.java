package dev.sealedsms.crypto.metrics;

import dev.sealedsms.envelope.cdi.VaultMetrics;
import dev.sealedsms.events.ReceiptStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * crypto-service's own meters (docs/metrics.md), served at {@code /q/metrics}:
 * {@code sealed_messages_total{status=SEALED|FAILED,reason,tenant}} and
 * {@code sealed_seal_seconds{tenant}}; the Vault client's through {@link VaultMetrics}. Every
 * meter of the service carries {@code service="crypto-service"}. Labels are bounded: tenant,
 * status, reason code; never a message id, a body or a number.
 */
@ApplicationScoped
public class CryptoMetrics {

    public static final String SERVICE = "crypto-service";
    /** Not a receipt status (nothing is written to sms.receipts): the message went on to sms.sealed. */
    public static final String SEALED = "SEALED";

    private final MeterRegistry registry;

    CryptoMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A message sealed and handed to {@code sms.sealed}; {@code nanos}: the successful seal (Vault calls included). */
    public void sealed(String tenant, long nanos) {
        messages(SEALED, "none", tenant).increment();
        Timer.builder("sealed.seal").description("Time to seal one approved message, Vault calls included")
                .tag("tenant", tenant == null ? "unknown" : tenant).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /** A message that will never be sealed: its FAILED receipt was written with {@code reason}. */
    public void failed(String tenant, String reason) {
        messages(ReceiptStatus.FAILED.name(), reason, tenant).increment();
    }

    /** A record refused before sealing ({@code RECORD_INVALID}); its tenant, maybe forged, is no label. */
    public void rejected(String reason) {
        messages(ReceiptStatus.REJECTED.name(), reason, "unchecked").increment();
    }

    private Counter messages(String status, String reason, String tenant) {
        return Counter.builder("sealed.messages").description("Messages by the status this service gave them")
                .tag("status", status).tag("reason", reason == null ? "none" : reason)
                .tag("tenant", tenant == null ? "unknown" : tenant).register(registry);
    }
}
