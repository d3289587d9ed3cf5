package dev.sealedsms.envelope.cdi;

import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every service's metrics share (docs/metrics.md): the {@code service} label on every meter,
 * named after the application ({@code quarkus.application.name}, the module's artifact id), so one
 * dashboard query spans the three services; the Vault client's meters ({@link VaultMetrics}); and a
 * Vault client built at start-up, so its circuit gauge is served before the first call.
 */
@ApplicationScoped
public class ServiceMeters {

    /** The service label on every meter. */
    @Produces
    @Singleton
    static MeterFilter serviceTag(@ConfigProperty(name = "quarkus.application.name") String service) {
        return MeterFilter.commonTags(Tags.of("service", service));
    }

    /** Counts and times this service's Vault calls ({@link TransitClientProducer} picks it up). */
    @Produces
    @Singleton
    static TransitObserver vaultMetrics(MeterRegistry registry) {
        return new VaultMetrics(registry);
    }

    void start(@Observes Startup started, TransitClient vault) {
        vault.circuit();
    }
}
