package dev.sealedsms.policy.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * The policy's version: a content hash of every setting that can change a decision, in a canonical
 * order. Two replicas with the same policy report the same version; any change gives a new one.
 * Every decision records it (receipt-side in sms.approved, audit-side in sms.audit).
 */
@ApplicationScoped
public class PolicyVersion {

    private final String value;

    PolicyVersion(PolicyConfig config) {
        this.value = of(config);
    }

    public String value() {
        return value;
    }

    /** "p-" and the first 16 hex digits of the SHA-256 of the canonical policy. */
    public static String of(PolicyConfig config) {
        StringBuilder canonical = new StringBuilder();
        canonical.append("max-segments=").append(config.maxSegments()).append('\n');
        canonical.append("default-validity=").append(config.defaultValidity()).append('\n');
        new TreeMap<>(config.tenants()).forEach((name, t) -> canonical.append("tenant ").append(name)
                .append(" countries=").append(t.countries())
                .append(" deny-words=").append(t.denyWords().orElse(null))
                .append(" deny-patterns=").append(t.denyPatterns().orElse(null))
                .append(" detectors=").append(t.detectors())
                .append(" link-domains=").append(t.linkDomains().orElse(null)).append('\n'));
        new TreeMap<>(config.clients()).forEach((id, c) -> canonical.append("client ").append(id)
                .append(" tenant=").append(c.tenant()).append(" key=").append(c.apiKeySha256())
                .append(" senders=").append(c.senders()).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "p-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
