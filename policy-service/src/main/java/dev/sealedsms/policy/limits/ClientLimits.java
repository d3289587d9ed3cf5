package dev.sealedsms.policy.limits;

import java.util.Optional;

/**
 * Where the limiters read each client's limits. Kept as a small interface so the source can move
 * (today {@link ConfigClientLimits}, later the reloadable policy document) without touching the
 * limiters; implementations must be thread-safe and cheap, they are asked on every admission.
 */
@FunctionalInterface
public interface ClientLimits {

    /** The client's limits, or empty when it has none. */
    Optional<Limit> forClient(String clientId);
}
