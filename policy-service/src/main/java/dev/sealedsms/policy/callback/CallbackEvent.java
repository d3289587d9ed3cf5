package dev.sealedsms.policy.callback;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The body POSTed to a client's callback URL: one status change of one of its messages, with the
 * facts of the status API. Never a body, a number or a recipient token.
 *
 * @param eventId the same for every attempt and every replica: receivers drop duplicates by it
 * @param type    always {@value #TYPE}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackEvent(String eventId, String type, String messageId, String clientId, ReceiptStatus status,
        boolean terminal, Instant occurredAt, Instant acceptedAt, String reason, String errorCode, String carrier,
        String carrierMessageId, Integer segments, TextEncoding encoding, String country) {

    public static final String TYPE = "message.status";

    public static CallbackEvent of(Receipt r) {
        String id = UUID.nameUUIDFromBytes((r.messageId() + "\n" + r.status() + "\n" + r.occurredAt())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new CallbackEvent(id, TYPE, r.messageId(), r.clientId(), r.status(), r.status().terminal(),
                r.occurredAt(), r.acceptedAt(), r.reason(), r.errorCode(), r.carrier(), r.carrierMessageId(),
                r.segments(), r.encoding(), r.country());
    }
}
