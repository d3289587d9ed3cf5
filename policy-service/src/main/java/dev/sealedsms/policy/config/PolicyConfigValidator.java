package dev.sealedsms.policy.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Refuses to start with a policy that cannot be right: a client of an unknown tenant, a key hash
 * that is not a SHA-256, a country that is not a region code. Every problem is listed at once, each
 * naming its setting, so one restart fixes them all.
 */
@ApplicationScoped
public class PolicyConfigValidator {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SENDER = Pattern.compile("[A-Za-z0-9 ]{1,11}|\\+?[0-9]{1,15}");
    private static final Pattern DOMAIN = Pattern.compile("(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());

    void onStart(@Observes StartupEvent event, PolicyConfig config) {
        List<String> problems = validate(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid policy configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** Every problem in {@code config}, each naming its setting; empty when the policy is sound. */
    public static List<String> validate(PolicyConfig config) {
        List<String> problems = new ArrayList<>();
        config.tenants().forEach((name, tenant) -> {
            if (!TENANT.matcher(name).matches()) {
                problems.add("sealed.policy.tenants." + name + ": tenant names are lower-case letters, digits and '-'");
            }
            for (String pattern : tenant.denyPatterns().orElse(List.of())) {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    problems.add("sealed.policy.tenants." + name + ".deny-patterns: '" + pattern
                            + "' is not a valid regular expression (" + e.getDescription() + ")");
                }
            }
            for (String domain : tenant.linkDomains().orElse(List.of())) {
                if (!DOMAIN.matcher(domain).matches()) {
                    problems.add("sealed.policy.tenants." + name + ".link-domains: '" + domain
                            + "' is not a lower-case ASCII domain name");
                }
            }
            tenant.quietHours().ifPresent(q -> {
                try {
                    dev.sealedsms.policy.rules.QuietHours.parse(q);
                } catch (IllegalArgumentException e) {
                    problems.add("sealed.policy.tenants." + name + ".quiet-hours: " + e.getMessage());
                }
            });
            for (String number : tenant.denyNumbers().orElse(List.of())) {
                if (!number.matches("\\+[1-9][0-9]{1,14}")) {
                    problems.add("sealed.policy.tenants." + name + ".deny-numbers: an entry is not E.164");
                }
            }
            for (String country : tenant.countries()) {
                if (!REGIONS.contains(country)) {
                    problems.add("sealed.policy.tenants." + name + ".countries: '" + country
                            + "' is not an ISO 3166-1 alpha-2 code");
                }
            }
        });
        config.clients().forEach((id, client) -> {
            String at = "sealed.policy.clients." + id;
            if (!config.tenants().containsKey(client.tenant())) {
                problems.add(at + ".tenant: unknown tenant '" + client.tenant() + "'");
            }
            if (!SHA256_HEX.matcher(client.apiKeySha256()).matches()) {
                problems.add(at + ".api-key-sha256: must be 64 lower-case hex digits (the SHA-256 of the key)");
            }
            for (String sender : client.senders()) {
                if (!SENDER.matcher(sender).matches()) {
                    problems.add(at + ".senders: '" + sender + "' is neither an alphanumeric (≤11) nor a numeric sender id");
                }
            }
        });
        if (config.maxSegments() < 1) {
            problems.add("sealed.policy.max-segments: must be at least 1");
        }
        return problems;
    }
}
