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
            Optional<List<String>> linkDomains) implements PolicyConfig.Tenant {

        /** Only countries; the default detectors (card, IBAN); no deny-list, no link checks. */
        public static Tenant of(List<String> countries) {
            return new Tenant(countries, Optional.empty(), Optional.empty(),
                    List.of(PolicyConfig.Detector.CARD, PolicyConfig.Detector.IBAN), Optional.empty());
        }
    }

    public record Policy(Map<String, PolicyConfig.Client> clients, Map<String, PolicyConfig.Tenant> tenants,
            int maxSegments, Duration defaultValidity) implements PolicyConfig {
    }

    /**
     * Tenant acme may send to GB and US; denies "free money" and "win … prize"; detects cards,
     * IBANs and e-mail addresses; links only to acme.com. Client web may use ACME.
     */
    public static Policy acme(int maxSegments) {
        Tenant acme = new Tenant(List.of("GB", "US"), Optional.of(List.of("free money")),
                Optional.of(List.of("win.{0,10}prize")), List.of(PolicyConfig.Detector.values()),
                Optional.of(List.of("acme.com")));
        return new Policy(Map.of("web", new Client("acme", "a".repeat(64), List.of("ACME"))), Map.of("acme", acme),
                maxSegments, Duration.ofHours(48));
    }
}
