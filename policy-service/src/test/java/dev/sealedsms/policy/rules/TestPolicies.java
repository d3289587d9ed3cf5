package dev.sealedsms.policy.rules;

import dev.sealedsms.policy.config.PolicyConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Small in-code policies for plain unit tests. */
public final class TestPolicies {

    private TestPolicies() {
    }

    public record Client(String tenant, String apiKeySha256, List<String> senders) implements PolicyConfig.Client {
    }

    public record Tenant(List<String> countries) implements PolicyConfig.Tenant {
    }

    public record Policy(Map<String, PolicyConfig.Client> clients, Map<String, PolicyConfig.Tenant> tenants,
            int maxSegments, Duration defaultValidity) implements PolicyConfig {
    }

    /** Tenant acme may send to GB and US; client web may use ACME. */
    public static Policy acme(int maxSegments) {
        return new Policy(Map.of("web", new Client("acme", "a".repeat(64), List.of("ACME"))),
                Map.of("acme", new Tenant(List.of("GB", "US"))), maxSegments, Duration.ofHours(48));
    }
}
