package dev.sealedsms.policy.callback;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A client's callback, on {@code sms.policy.callbacks} under key {@code registration:<clientId>}
 * (a tombstone unregisters). policy-service's own record: no other service reads the topic. The
 * signing secret is not in it: every replica derives it from the master key and
 * {@code registrationId} ({@link CallbackSigner}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallbackRegistration(int schemaVersion, String clientId, String tenant, String url,
        String registrationId, Instant registeredAt) {

    public static final int SCHEMA_VERSION = 1;

    public static String key(String clientId) {
        return "registration:" + clientId;
    }
}
