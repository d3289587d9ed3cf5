package dev.sealedsms.policy.auth;

import java.util.Set;

/** An authenticated API client: who sends, for which tenant, with which sender ids. */
public record Principal(String clientId, String tenant, Set<String> senders) {
}
