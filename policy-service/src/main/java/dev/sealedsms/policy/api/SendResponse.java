package dev.sealedsms.policy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;

/** Answer to an accepted {@code POST /v1/messages}: 202 with the id to follow the message by. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendResponse(String messageId, ReceiptStatus status, int segments, TextEncoding encoding,
        String clientReference) {
}
