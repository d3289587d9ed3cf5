package dev.sealedsms.policy.config;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The policy's version: a hash of the document's bytes. Two replicas that mount the same document
 * report the same version; any edit, even a comment, gives a new one, which is what an auditor
 * wants (the version names exactly one file). Every decision records it: in {@code sms.approved},
 * in {@code sms.audit} and in {@code /v1/policy:evaluate} answers.
 */
public final class PolicyVersion {

    private PolicyVersion() {
    }

    /** "p-" and the first 16 hex digits of the SHA-256 of {@code document}. */
    public static String of(byte[] document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(document);
            return "p-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
