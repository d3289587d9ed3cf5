package dev.sealedsms.policy.callback;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A client's callback: the answer of {@code PUT} (with the secret, shown only then) and {@code GET}
 * (with how delivery is going).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackResponse(
        String url,
        String registrationId,
        Instant registeredAt,
        @Schema(description = "Signing secret; only in the answer to PUT. Verify Sealed-Signature with it.")
        String secret,
        @Schema(description = "How delivery is going, across replicas; absent before the first attempt")
        Delivery delivery) {

    /**
     * Delivery health (see {@link CallbackHealth}).
     *
     * @param lastOutcome DELIVERED, FAILED or ABANDONED
     * @param lastError   HTTP_&lt;status&gt;, TIMEOUT, CONNECT_FAILED, IO_ERROR or DESTINATION_NOT_ALLOWED
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(Instant lastAttemptAt, String lastOutcome, Integer lastStatusCode, String lastError,
            Instant lastSuccessAt, Instant lastFailureAt, long consecutiveFailures, long failedAttempts,
            long delivered, long abandoned) {

        static Delivery of(CallbackHealth h) {
            return h == null ? null : new Delivery(h.lastAttemptAt(), h.lastOutcome(), h.lastStatusCode(),
                    h.lastError(), h.lastSuccessAt(), h.lastFailureAt(), h.consecutiveFailures(), h.failedAttempts(),
                    h.delivered(), h.abandoned());
        }
    }
}
