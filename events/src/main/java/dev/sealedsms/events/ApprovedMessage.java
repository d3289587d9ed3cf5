package dev.sealedsms.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A message the policy approved, on {@link Topics#APPROVED}: the only plaintext hop. Written by
 * policy-service, read by crypto-service. {@link #toString()} never shows the body or the number.
 *
 * @param recipient E.164 number, plaintext
 * @param body      message text, plaintext
 * @param country   ISO 3166 region of the recipient, as derived from the number
 * @param notAfter  the message is not sent after this instant (validity)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovedMessage(
        int schemaVersion,
        String messageId,
        String tenant,
        String clientId,
        String senderId,
        String recipient,
        String body,
        Category category,
        String country,
        int segments,
        TextEncoding encoding,
        String policyVersion,
        Instant acceptedAt,
        Instant notAfter) {

    public static final int SCHEMA_VERSION = 1;
    /** CloudEvents {@code ce_type}. */
    public static final String TYPE = "dev.sealedsms.approved.v1";

    @Override
    public String toString() {
        return "ApprovedMessage[messageId=" + messageId + ", tenant=" + tenant + ", clientId=" + clientId
                + ", category=" + category + ", country=" + country + ", recipient=<redacted>, body=<redacted>]";
    }
}
