package dev.sealedsms.envelope.cdi;

import dev.sealedsms.envelope.Backoff;
import dev.sealedsms.envelope.TransitClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One Vault client per service, configured from {@link VaultSettings}. */
@ApplicationScoped
public class TransitClientProducer {

    @Produces
    @Singleton
    TransitClient transitClient(VaultSettings settings) {
        return new TransitClient(settings.address(), settings.token(), settings.transitMount(),
                settings.openTimeout(), settings.readTimeout());
    }

    @Produces
    @Singleton
    Backoff vaultBackoff(VaultSettings settings) {
        return new Backoff(settings.retryInitial(), settings.retryMax());
    }
}
