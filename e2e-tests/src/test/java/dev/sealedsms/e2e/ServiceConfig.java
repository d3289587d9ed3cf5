package dev.sealedsms.e2e;

import dev.sealedsms.testsupport.SealedInfrastructure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration every IT gives a service process: where Kafka and Vault are, the service's
 * least-privilege token, the carrier, and, for ITs that must not meet each other's records, topics
 * and consumer groups of their own. Tests add what is particular to them.
 */
final class ServiceConfig {

    private ServiceConfig() {
    }

    /**
     * policy-service against {@code infra} with the policy document {@code policyFile}: policy's own
     * Vault token (HMAC for the consent check) and a fresh callback signing key, as the chart's
     * Secret would give it.
     */
    static Map<String, String> policy(SealedInfrastructure infra, Path policyFile) {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
        c.put("sealed.policy.file", policyFile.toString());
        c.put("sealed.vault.address", infra.vault().address());
        c.put("sealed.vault.token", infra.tokens().policy());
        c.put("sealed.callbacks.signing-key", randomHex(32));
        return c;
    }

    /** {@code bytes} random bytes as lower-case hex. */
    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** Lower-case hex SHA-256 of {@code s}: how the policy document holds an API key. */
    static String sha256Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** crypto-service against {@code infra}, with crypto's own Vault token. */
    static Map<String, String> crypto(SealedInfrastructure infra) {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
        c.put("sealed.vault.address", infra.vault().address());
        c.put("sealed.vault.token", infra.tokens().crypto());
        return c;
    }

    /** dispatch-service against {@code infra} and one carrier at {@code smppPort}, with dispatch's own Vault token. */
    static Map<String, String> dispatch(SealedInfrastructure infra, int smppPort, String smppPassword) {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
        c.put("sealed.vault.address", infra.vault().address());
        c.put("sealed.vault.token", infra.tokens().dispatch());
        c.put("sealed.smpp.host", "127.0.0.1");
        c.put("sealed.smpp.port", Integer.toString(smppPort));
        c.put("sealed.smpp.system-id", "sealed");
        c.put("sealed.smpp.password", smppPassword);
        return c;
    }

    /** crypto-service reads {@code prefix.approved} in group {@code crypto-<prefix>-it}, writes {@code prefix.sealed} and {@code prefix.receipts}. */
    static Map<String, String> cryptoTopics(Map<String, String> c, String prefix) {
        c.put("mp.messaging.incoming.approved-in.topic", prefix + ".approved");
        c.put("mp.messaging.incoming.approved-in.group.id", "crypto-" + prefix + "-it");
        c.put("mp.messaging.incoming.approved-in.dead-letter-queue.topic", prefix + ".approved.dlq");
        c.put("mp.messaging.outgoing.sealed-out.topic", prefix + ".sealed");
        c.put("mp.messaging.outgoing.receipts-out.topic", prefix + ".receipts");
        return c;
    }

    /** dispatch-service reads {@code prefix.sealed} in group {@code dispatch-<prefix>-it}, writes {@code prefix.receipts}. */
    static Map<String, String> dispatchTopics(Map<String, String> c, String prefix) {
        c.put("mp.messaging.incoming.sealed-in.topic", prefix + ".sealed");
        c.put("mp.messaging.incoming.sealed-in.group.id", "dispatch-" + prefix + "-it");
        c.put("mp.messaging.incoming.sealed-in.dead-letter-queue.topic", prefix + ".sealed.dlq");
        c.put("mp.messaging.outgoing.receipts-out.topic", prefix + ".receipts");
        return c;
    }

    static Path repoRoot() {
        String configured = System.getProperty("sealed.repo.root");
        return (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
