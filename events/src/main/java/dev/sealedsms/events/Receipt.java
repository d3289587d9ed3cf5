package dev.sealedsms.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One lifecycle fact about a message, on {@link Topics#RECEIPTS}. Each stage appends its own:
 * policy (ACCEPTED, REJECTED), crypto (FAILED when it cannot seal), dispatch (SUBMITTED and the
 * terminal carrier outcomes). Analysts read this topic: it never holds a body or a phone number.
 *
 * @param reason           machine-readable reason code for REJECTED, FAILED, UNDELIVERED, EXPIRED
 * @param errorCode        carrier or SMPP error code, when there is one
 * @param carrierMessageId the id the carrier gave in {@code submit_sm_resp}
 * @param acceptedAt       when the API or {@code sms.requests} accepted the message: latency = occurredAt - acceptedAt
 * @param notBefore        on ACCEPTED: the message is held until this instant (scheduled, or deferred
 *                         past quiet hours); absent: sent at once. Added within schema version 1
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(
        int schemaVersion,
        String messageId,
        String tenant,
        String clientId,
        ReceiptStatus status,
        Instant occurredAt,
        String reason,
        String errorCode,
        String carrier,
        String carrierMessageId,
        Integer segments,
        TextEncoding encoding,
        String country,
        String recipientToken,
        Instant acceptedAt,
        Instant notBefore) {

    public static final int SCHEMA_VERSION = 1;
    /** CloudEvents {@code ce_type}. */
    public static final String TYPE = "dev.sealedsms.receipt.v1";

    /** A receipt with no hold time. */
    public Receipt(int schemaVersion, String messageId, String tenant, String clientId, ReceiptStatus status,
            Instant occurredAt, String reason, String errorCode, String carrier, String carrierMessageId,
            Integer segments, TextEncoding encoding, String country, String recipientToken, Instant acceptedAt) {
        this(schemaVersion, messageId, tenant, clientId, status, occurredAt, reason, errorCode, carrier,
                carrierMessageId, segments, encoding, country, recipientToken, acceptedAt, null);
    }

    /** A receipt for a sealed message, carrying the facts the envelope already has. */
    public static Receipt of(SealedMessage m, ReceiptStatus status, Instant at, String reason, String errorCode,
            String carrier, String carrierMessageId) {
        return new Receipt(SCHEMA_VERSION, m.messageId(), m.tenant(), m.clientId(), status, at, reason, errorCode,
                carrier, carrierMessageId, m.segments(), m.encoding(), m.country(), m.recipientToken(),
                m.acceptedAt());
    }

    /** A receipt for an approved (still plaintext) message: the token is not known yet. */
    public static Receipt of(ApprovedMessage m, ReceiptStatus status, Instant at, String reason) {
        return new Receipt(SCHEMA_VERSION, m.messageId(), m.tenant(), m.clientId(), status, at, reason, null, null,
                null, m.segments(), m.encoding(), m.country(), null, m.acceptedAt(), m.notBefore());
    }
}
