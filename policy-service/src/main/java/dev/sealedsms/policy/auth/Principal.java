package dev.sealedsms.policy.auth;

import dev.sealedsms.policy.config.PolicyConfig.Role;
import java.util.Set;

/**
 * An authenticated API client: who it is, for which tenant, with which sender ids (its own and its
 * tenant's), in which role.
 */
public record Principal(String clientId, String tenant, Set<String> senders, Role role) {

    /** A sender: the role of every client that submits messages. */
    public Principal(String clientId, String tenant, Set<String> senders) {
        this(clientId, tenant, senders, Role.SENDER);
    }

    /** Only senders send; admins and auditors manage and review. */
    public boolean maySend() {
        return role == Role.SENDER;
    }
}
