package dev.sealedsms.policy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import java.time.Instant;

/**
 * Answer to an accepted {@code POST /v1/messages}: 202 with the id to follow the message by.
 *
 * @param sendAt     when the message is held: not sent before this instant (as requested, or the end
 *                   of the recipient's quiet hours); absent: sent at once
 * @param deferredBy {@code quiet-hours} when the policy moved the send time later than requested
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendResponse(String messageId, ReceiptStatus status, int segments, TextEncoding encoding,
        String clientReference, Instant sendAt, String deferredBy) {
}
