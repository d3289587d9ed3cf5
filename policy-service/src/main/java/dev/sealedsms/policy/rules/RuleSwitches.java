package dev.sealedsms.policy.rules;

import dev.sealedsms.policy.config.PolicyConfig;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which of {@link PolicyEngine#RULES} run for a tenant. A tenant's {@code rules:} map turns a rule on
 * or off by its id (the id that audit records list as evaluated); without an entry a rule is on when
 * its parameters are set (a rule with nothing to check would only look like a check) and always on
 * when it needs none or has a default ({@code number-type}, {@code country-allowed},
 * {@code bidi-controls}, {@code link-allow-list}, {@code max-segments}).
 *
 * <p>Some rules can never be turned off, because without them the policy would not know who sends
 * or to whom: a number that is not valid E.164 cannot be routed or checked against any other rule,
 * a sender id is an identity claim like the API key, an empty body is not a message; and
 * {@code template} both renders templates and holds {@code templatesOnly} clients to them (whether a
 * client is restricted is set per client); and {@code consent}: a recipient's STOP is honoured
 * whatever the tenant wants. Authentication
 * and roles are not rules of the document at all. The client limits are set per client
 * ({@code ratePerSecond}, {@code dailyQuota}), not switched per tenant.
 */
public final class RuleSwitches {

    /** Rules that are always evaluated; switching one off is a document error. */
    public static final Set<String> LOCKED = Set.of("recipient-e164", "sender-allowed", "template", "body-not-empty",
            "consent");

    /** Rules that belong to the client's limits, not to the tenant's switches. */
    static final Set<String> CLIENT_LIMITS = Set.of("rate-limit", "daily-quota");

    private RuleSwitches() {
    }

    /** The rules that run for {@code tenant}, in evaluation order. The document must have passed {@link #check}. */
    public static Set<String> enabled(PolicyConfig.Tenant tenant) {
        Set<String> on = new LinkedHashSet<>();
        for (String rule : PolicyEngine.RULES) {
            Boolean set = tenant.rules().get(rule);
            if (LOCKED.contains(rule) || (set == null ? configured(rule, tenant) : set)) {
                on.add(rule);
            }
        }
        return Set.copyOf(on);
    }

    /**
     * The problems of {@code tenant}'s switches, by rule id: unknown rules, locked rules switched off,
     * rules switched on without the parameters they need.
     */
    public static Map<String, String> check(PolicyConfig.Tenant tenant) {
        Map<String, String> problems = new LinkedHashMap<>();
        tenant.rules().forEach((rule, on) -> {
            if (CLIENT_LIMITS.contains(rule)) {
                problems.put(rule, "is set per client with ratePerSecond and dailyQuota, not switched per tenant");
            } else if (!PolicyEngine.RULES.contains(rule)) {
                problems.put(rule, "unknown rule (expected one of " + String.join(", ", switchable()) + ")");
            } else if (on == null) {
                problems.put(rule, "must be true or false");
            } else if (!on && LOCKED.contains(rule)) {
                problems.put(rule, "cannot be turned off (always evaluated: " + String.join(", ",
                        PolicyEngine.RULES.stream().filter(LOCKED::contains).toList()) + ")");
            } else if (on && !configured(rule, tenant)) {
                problems.put(rule, "is on but its parameters are missing (" + parameters(rule) + ")");
            }
        });
        return problems;
    }

    /** Whether the tenant sets what {@code rule} checks against. */
    private static boolean configured(String rule, PolicyConfig.Tenant t) {
        return switch (rule) {
            case "recipient-deny-list" -> t.denyNumbers().isPresent();
            case "content-deny-list" -> t.denyWords().isPresent() || t.denyPatterns().isPresent();
            case "sensitive-data" -> !t.detectors().isEmpty();
            case "quiet-hours" -> t.quietHours().isPresent();
            default -> true;
        };
    }

    private static String parameters(String rule) {
        return switch (rule) {
            case "recipient-deny-list" -> "denyNumbers";
            case "content-deny-list" -> "denyWords or denyPatterns";
            case "sensitive-data" -> "detectors";
            case "quiet-hours" -> "quietHours";
            default -> "none";
        };
    }

    private static java.util.List<String> switchable() {
        return PolicyEngine.RULES.stream().filter(r -> !LOCKED.contains(r)).toList();
    }
}
