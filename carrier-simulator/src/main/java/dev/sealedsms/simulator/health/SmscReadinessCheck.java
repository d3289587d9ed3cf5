package dev.sealedsms.simulator.health;

import dev.sealedsms.simulator.smsc.Smsc;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the SMSC accepts SMPP connections. */
@Readiness
@ApplicationScoped
public class SmscReadinessCheck implements HealthCheck {

    private final Smsc smsc;

    SmscReadinessCheck(Smsc smsc) {
        this.smsc = smsc;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("smsc")
                .status(smsc.isListening())
                .withData("port", smsc.port())
                .withData("activeSessions", smsc.activeSessions())
                .build();
    }
}
