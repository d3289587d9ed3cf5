package dev.sealedsms.policy.idempotency;

import dev.sealedsms.policy.limits.LimitsConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One {@link IdempotencyStore} per replica, whatever the scope of the resources that use it. */
public class IdempotencyStoreProducer {

    @Produces
    @Singleton
    IdempotencyStore store(LimitsConfig config) {
        if (config.idempotencyMaxKeys() < 1) {
            throw new IllegalStateException("sealed.limits.idempotency-max-keys must be at least 1, was "
                    + config.idempotencyMaxKeys());
        }
        return new IdempotencyStore(config.idempotencyTtl(), config.idempotencyMaxKeys());
    }
}
