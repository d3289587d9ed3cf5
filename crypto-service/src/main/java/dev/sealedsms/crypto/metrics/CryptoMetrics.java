package dev.sealedsms.crypto.metrics;

import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitObserver;
import dev.sealedsms.envelope.cdi.VaultMetrics;
import dev.sealedsms.events.ReceiptStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
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

    /** The service label on every meter, so one dashboard query spans the three services. */
    @Produces
    @Singleton
    static MeterFilter serviceTag() {
        return MeterFilter.commonTags(Tags.of("service", SERVICE));
    }

    /** Counts and times this service's Vault calls (envelope's TransitClientProducer picks it up). */
    @Produces
    @Singleton
    static TransitObserver vaultMetrics(MeterRegistry registry) {
        return new VaultMetrics(registry);
    }

    /** Builds the Vault client at start-up, so its circuit gauge is served before the first call. */
    void start(@Observes StartupEvent event, TransitClient vault) {
        vault.circuit();
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

    private Counter messages(String status, String reason, String tenant) {
        return Counter.builder("sealed.messages").description("Messages by the status this service gave them")
                .tag("status", status).tag("reason", reason == null ? "none" : reason)
                .tag("tenant", tenant == null ? "unknown" : tenant).register(registry);
    }
}
