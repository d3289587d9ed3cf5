package dev.sealedsms.policy.status;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness {@code status-view}: no traffic before the receipts window is read, nor after its reader stops. */
@Readiness
@ApplicationScoped
public class StatusReadiness implements HealthCheck {

    private final StatusView view;

    StatusReadiness(StatusView view) {
        this.view = view;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("status-view").status(view.ready()).build();
    }
}
