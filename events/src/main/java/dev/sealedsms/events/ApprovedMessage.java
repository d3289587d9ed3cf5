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
 * @param notBefore the message is not sent before this instant: a scheduled send, or a marketing
 *                  message deferred past the recipient's quiet hours; null: at once (added within
 *                  schema version 1, older readers ignore it)
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
        Instant notAfter,
        Instant notBefore) {

    public static final int SCHEMA_VERSION = 1;
    /** CloudEvents {@code ce_type}. */
    public static final String TYPE = "dev.sealedsms.approved.v1";

    /** A message to send at once. */
    public ApprovedMessage(int schemaVersion, String messageId, String tenant, String clientId, String senderId,
            String recipient, String body, Category category, String country, int segments, TextEncoding encoding,
            String policyVersion, Instant acceptedAt, Instant notAfter) {
        this(schemaVersion, messageId, tenant, clientId, senderId, recipient, body, category, country, segments,
                encoding, policyVersion, acceptedAt, notAfter, null);
    }

    @Override
    public String toString() {
        return "ApprovedMessage[messageId=" + messageId + ", tenant=" + tenant + ", clientId=" + clientId
                + ", category=" + category + ", country=" + country + ", recipient=<redacted>, body=<redacted>]";
    }
}
