package dev.sealedsms.envelope.cdi;

import dev.sealedsms.envelope.Backoff;
import dev.sealedsms.envelope.CircuitBreaker;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitObserver;
import dev.sealedsms.envelope.auth.VaultLogin;
import dev.sealedsms.envelope.auth.VaultSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * One Vault client per service, configured from {@link VaultSettings}. A service that wants its
 * Vault calls counted produces a {@link TransitObserver} bean (normally {@link VaultMetrics}).
 */
@ApplicationScoped
public class TransitClientProducer {

    @Produces
    @Singleton
    TransitClient transitClient(VaultSettings settings, Instance<TransitObserver> observer) {
        VaultSession session = new VaultSession(settings.address(), login(settings), settings.openTimeout(),
                settings.readTimeout(), settings.reloginRetry());
        // In-call retries are short: the caller's own loop (holding its record) takes the long waits.
        TransitClient.Resilience resilience = new TransitClient.Resilience(settings.callAttempts(),
                new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1)),
                new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenDuration()));
        return new TransitClient(session, settings.transitMount(), resilience,
                observer.isResolvable() ? observer.get() : TransitObserver.NONE);
    }

    void close(@Disposes TransitClient client) {
        client.close();
    }

    @Produces
    @Singleton
    Backoff vaultBackoff(VaultSettings settings) {
        return new Backoff(settings.retryInitial(), settings.retryMax());
    }

    /** The configured login; a missing setting stops the service at start-up with its name. */
    static VaultLogin login(VaultSettings s) {
        return switch (s.auth()) {
            case TOKEN -> new VaultLogin.Token(s.token().orElseThrow(() -> missing("token", "token")));
            case APPROLE -> new VaultLogin.AppRole(s.approle().mount(),
                    s.approle().roleId().orElseThrow(() -> missing("approle", "approle.role-id")),
                    s.approle().secretIdFile().orElseThrow(() -> missing("approle", "approle.secret-id-file")));
            case KUBERNETES -> new VaultLogin.Kubernetes(s.kubernetes().mount(),
                    s.kubernetes().role().orElseThrow(() -> missing("kubernetes", "kubernetes.role")),
                    s.kubernetes().jwtFile());
        };
    }

    private static IllegalStateException missing(String method, String property) {
        return new IllegalStateException("sealed.vault.auth=" + method + " needs sealed.vault." + property);
    }
}
