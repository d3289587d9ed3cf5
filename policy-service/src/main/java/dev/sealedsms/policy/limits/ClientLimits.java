package dev.sealedsms.policy.limits;

import java.util.Optional;

/**
 * Where the limiters read each client's limits: {@link PolicyClientLimits} (the policy document in
 * force) in the service, a lambda in tests. Implementations must be thread-safe and cheap, they are
 * asked on every admission.
 */
@FunctionalInterface
public interface ClientLimits {

    /** The client's limits, or empty when it has none. */
    Optional<Limit> forClient(String clientId);
}
