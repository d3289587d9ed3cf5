package dev.sealedsms.policy.config;

import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.limits.Limit;
import dev.sealedsms.policy.rules.PolicyEngine;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One valid policy, ready to use: its document, its version, its engine, its principals and the
 * clients' limits. Built
 * once per document and never changed, so a decision that took it applies and records one version
 * even while a reload swaps in the next. (The principal of a request is looked up just before, so a
 * request in flight across a reload may be authenticated under the previous version.)
 */
public record LoadedPolicy(PolicyConfig config, String version, PolicyEngine engine,
        Map<String, Principal> byKeyHash, Map<String, Principal> byClientId, Map<String, Limit> limits) {

    public static LoadedPolicy of(PolicyDocuments.Parsed parsed) {
        PolicyConfig config = parsed.config();
        Map<String, Principal> byKeyHash = new HashMap<>();
        Map<String, Principal> byClientId = new HashMap<>();
        // Only clients with a limit: the limiters treat "no entry" as unlimited.
        Map<String, Limit> limits = new HashMap<>();
        config.clients().forEach((id, client) -> {
            // A client may use its own sender ids and those its tenant shares with all its clients.
            Set<String> senders = new LinkedHashSet<>(client.senders());
            senders.addAll(config.tenants().get(client.tenant()).senders());
            Principal p = new Principal(id, client.tenant(), Set.copyOf(senders), client.role());
            client.apiKeySha256().forEach(hash -> byKeyHash.put(hash, p));
            byClientId.put(id, p);
            if (client.ratePerSecond() != null || client.dailyQuota() != null) {
                limits.put(id, Limit.of(client.ratePerSecond(), client.dailyQuota()));
            }
        });
        return new LoadedPolicy(config, parsed.version(), new PolicyEngine(config), Map.copyOf(byKeyHash),
                Map.copyOf(byClientId), Map.copyOf(limits));
    }
}
