package dev.sealedsms.policy.callback;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * How a client's callbacks are going, as shown by {@code GET /v1/callbacks}: on
 * {@code sms.policy.callbacks} under key {@code health:<clientId>}, written by the replica that made
 * the latest attempts (at most once a second per client), so every replica shows it. Counts are
 * carried on from the latest record a replica has read, so with several replicas delivering for one
 * client at once they are approximate (DESIGN.md).
 *
 * @param lastOutcome         DELIVERED, FAILED or ABANDONED
 * @param lastStatusCode      HTTP status of the latest attempt, when there was a response
 * @param lastError           why the latest failed attempt failed: {@code HTTP_<status>}, TIMEOUT,
 *                            CONNECT_FAILED, IO_ERROR, DESTINATION_NOT_ALLOWED
 * @param consecutiveFailures failed attempts since the latest success
 * @param failedAttempts      failed attempts in all
 * @param abandoned           callbacks given up after the retry period
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackHealth(int schemaVersion, String clientId, Instant lastAttemptAt, String lastOutcome,
        Integer lastStatusCode, String lastError, Instant lastSuccessAt, Instant lastFailureAt,
        long consecutiveFailures, long failedAttempts, long delivered, long abandoned) {

    public static final int SCHEMA_VERSION = 1;

    public static String key(String clientId) {
        return "health:" + clientId;
    }
}
