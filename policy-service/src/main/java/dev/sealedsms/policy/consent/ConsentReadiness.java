package dev.sealedsms.policy.consent;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness {@code consent-ledger}: no traffic before the whole consent ledger is loaded, nor after its reader stops. */
@Readiness
@ApplicationScoped
public class ConsentReadiness implements HealthCheck {

    private final ConsentView view;

    ConsentReadiness(ConsentView view) {
        this.view = view;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("consent-ledger").status(view.ready()).build();
    }
}
