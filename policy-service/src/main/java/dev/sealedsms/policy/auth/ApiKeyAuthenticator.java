package dev.sealedsms.policy.auth;

import dev.sealedsms.policy.config.ActivePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <api key>}. Only SHA-256 hashes of keys are
 * configured; a request's key is hashed and looked up, so neither keys nor their comparison timing
 * are ever exposed. Clients come from the policy in force, so a reload that adds a client or rotates
 * a key takes effect without a restart.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private static final String BEARER = "Bearer ";

    private final ActivePolicy policy;

    ApiKeyAuthenticator(ActivePolicy policy) {
        this.policy = policy;
    }

    /**
     * The client a Kafka-native producer sends as. Kafka authenticated the producer (its principal
     * and its ACL on sms.requests); the policy still decides what that client may send.
     */
    public Optional<Principal> client(String clientId) {
        return Optional.ofNullable(policy.current().byClientId().get(clientId));
    }

    /** The client behind an {@code Authorization} header value, or empty when it is absent or unknown. */
    public Optional<Principal> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String key = authorization.substring(BEARER.length()).trim();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(policy.current().byKeyHash().get(sha256Hex(key)));
    }

    /** Lower-case hex SHA-256 of {@code key}: the form in which keys are configured. */
    public static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
