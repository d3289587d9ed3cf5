package dev.sealedsms.policy.rules;

import dev.sealedsms.policy.config.PolicyConfig;
import dev.sealedsms.policy.config.PolicyDocuments;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small policies for plain unit tests, written as the documents operators write. */
public final class TestPolicies {

    private TestPolicies() {
    }

    /**
     * Tenant acme may send to GB and US; denies "free money" and "win … prize"; detects cards,
     * IBANs and e-mail addresses; links only to acme.com; refuses landlines and +447400999999;
     * quiet hours 21:00-08:00. Client web may use ACME.
     */
    public static PolicyConfig acme(int maxSegments) {
        return parse("""
                schemaVersion: 1
                maxSegments: %d
                defaultValidity: PT48H
                tenants:
                  acme:
                    countries: [GB, US]
                    denyWords: [free money]
                    denyPatterns: ["win.{0,10}prize"]
                    detectors: [card, iban, email]
                    linkDomains: [acme.com]
                    rejectLandlines: true
                    denyNumbers: ["+447400999999"]
                    quietHours: "21:00-08:00"
                clients:
                  web:
                    tenant: acme
                    role: sender
                    apiKeySha256: [%s]
                    senders: [ACME]
                """.formatted(maxSegments, "a".repeat(64))).config();
    }

    /** A tenant with only countries: the default detectors (card, IBAN), no deny-list, no link checks. */
    public static PolicyConfig.Tenant tenant(List<String> countries) {
        return new PolicyConfig.Tenant(countries, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** {@code policy} with {@code name}'s settings replaced. */
    public static PolicyConfig withTenant(PolicyConfig policy, String name, PolicyConfig.Tenant tenant) {
        Map<String, PolicyConfig.Tenant> t = new HashMap<>(policy.tenants());
        t.put(name, tenant);
        return new PolicyConfig(policy.schemaVersion(), policy.maxSegments(), policy.defaultValidity(), t,
                policy.clients());
    }

    public static PolicyDocuments.Parsed parse(String yaml) {
        return PolicyDocuments.parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }
}
