package dev.sealedsms.policy.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sealedsms.events.EventJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a request for Idempotency-Key matching: SHA-256 of the parsed request written
 * back as JSON, so formatting, key order and whitespace do not matter but every field's value does.
 * Only the hash is kept, never the body or the number.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(Object parsedRequest) {
        try {
            byte[] json = EventJson.mapper().writeValueAsBytes(parsedRequest);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a parsed request back as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
