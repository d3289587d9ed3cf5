package dev.sealedsms.policy.callback;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness {@code callback-registry}: the registrations are read before the service takes traffic. */
@Readiness
@ApplicationScoped
public class CallbackReadiness implements HealthCheck {

    private final CallbackService callbacks;

    CallbackReadiness(CallbackService callbacks) {
        this.callbacks = callbacks;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("callback-registry").status(callbacks.ready()).build();
    }
}
