package dev.sealedsms.policy.callback;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A callback waiting for another attempt, on {@code sms.policy.callbacks.retry} (key = message id).
 * Written before the receipt (or the previous retry record) is committed, so a pending callback
 * survives a restart.
 *
 * @param attempts       attempts made so far (0: not tried yet, its client's queue was full)
 * @param firstAttemptAt when the callback was first due: it is abandoned {@code give-up-after} later
 * @param dueAt          when to try next
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetryRecord(int schemaVersion, String clientId, CallbackEvent event, int attempts,
        Instant firstAttemptAt, Instant dueAt) {

    public static final int SCHEMA_VERSION = 1;
}
