package dev.sealedsms.policy.rules;

import dev.sealedsms.policy.config.PolicyConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small in-code policies for plain unit tests. */
public final class TestPolicies {

    private TestPolicies() {
    }

    public record Client(String tenant, String apiKeySha256, List<String> senders) implements PolicyConfig.Client {
    }

    public record Tenant(List<String> countries, Optional<List<String>> denyWords,
            Optional<List<String>> denyPatterns, List<PolicyConfig.Detector> detectors,
            Optional<List<String>> linkDomains, boolean rejectLandlines, Optional<List<String>> denyNumbers,
            Optional<String> quietHours) implements PolicyConfig.Tenant {

        /** Only countries; the default detectors (card, IBAN); no deny-list, no link checks. */
        public static Tenant of(List<String> countries) {
            return new Tenant(countries, Optional.empty(), Optional.empty(),
                    List.of(PolicyConfig.Detector.CARD, PolicyConfig.Detector.IBAN), Optional.empty(), false,
                    Optional.empty(), Optional.empty());
        }
    }

    public record Policy(Map<String, PolicyConfig.Client> clients, Map<String, PolicyConfig.Tenant> tenants,
            int maxSegments, Duration defaultValidity) implements PolicyConfig {

        /** This policy with {@code name}'s settings replaced. */
        public Policy withTenant(String name, PolicyConfig.Tenant tenant) {
            Map<String, PolicyConfig.Tenant> t = new java.util.HashMap<>(tenants);
            t.put(name, tenant);
            return new Policy(clients, Map.copyOf(t), maxSegments, defaultValidity);
        }
    }

    /**
     * Tenant acme may send to GB and US; denies "free money" and "win … prize"; detects cards,
     * IBANs and e-mail addresses; links only to acme.com; refuses landlines and +447400999999;
     * quiet hours 21:00-08:00. Client web may use ACME.
     */
    public static Policy acme(int maxSegments) {
        Tenant acme = new Tenant(List.of("GB", "US"), Optional.of(List.of("free money")),
                Optional.of(List.of("win.{0,10}prize")), List.of(PolicyConfig.Detector.values()),
                Optional.of(List.of("acme.com")), true, Optional.of(List.of("+447400999999")),
                Optional.of("21:00-08:00"));
        return new Policy(Map.of("web", new Client("acme", "a".repeat(64), List.of("ACME"))), Map.of("acme", acme),
                maxSegments, Duration.ofHours(48));
    }
}
