package dev.sealedsms.dispatch.smpp;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the carrier bind is up: without it nothing can be sent. */
@Readiness
@ApplicationScoped
public class SmppReadiness implements HealthCheck {

    private final CarrierSession carrier;

    SmppReadiness(CarrierSession carrier) {
        this.carrier = carrier;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("smpp").status(carrier.bound()).build();
    }
}
