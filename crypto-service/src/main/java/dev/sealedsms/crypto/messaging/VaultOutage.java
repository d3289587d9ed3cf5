package dev.sealedsms.crypto.messaging;

import dev.sealedsms.envelope.CircuitBreaker;
import dev.sealedsms.envelope.TransitClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness "vault": DOWN while any approved record is held waiting for Vault, or while the Vault
 * client's circuit breaker is not closed. Kubernetes and operators then see a stalled sealer for
 * what it is; KEDA should not scale it out on the lag it builds meanwhile. UP again by itself.
 */
@Readiness
@ApplicationScoped
public class VaultOutage implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(VaultOutage.class);

    private final TransitClient transit;
    private final AtomicInteger held = new AtomicInteger();

    VaultOutage(TransitClient transit) {
        this.transit = transit;
    }

    void holding() {
        if (held.getAndIncrement() == 0) {
            LOG.warn("SC0004 Vault unavailable: holding approved records, consumption paused, reporting not-ready");
        }
    }

    void released() {
        if (held.decrementAndGet() == 0) {
            LOG.info("SC0005 Vault available again: held records sealed, consumption resumed");
        }
    }

    @Override
    public HealthCheckResponse call() {
        CircuitBreaker.State circuit = transit.circuit();
        int waiting = held.get();
        return HealthCheckResponse.named("vault")
                .status(waiting == 0 && circuit == CircuitBreaker.State.CLOSED)
                .withData("circuit", circuit.name())
                .withData("recordsHeld", waiting)
                .withData("requests", transit.requests())
                .build();
    }
}
