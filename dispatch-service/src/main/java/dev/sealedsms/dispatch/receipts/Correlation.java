package dev.sealedsms.dispatch.receipts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.TextEncoding;
import java.time.Instant;
import java.util.List;

/**
 * dispatch-service's private records on {@code sms.dispatch.correlation} (compacted). Private
 * state, not an event other services read, so it lives here rather than in {@code events}. It holds
 * the facts a receipt needs and never a body or a number.
 */
final class Correlation {

    private Correlation() {
    }

    /**
     * Key {@code m:<messageId>}: a message the carrier took, with one carrier id per part, written
     * once after the last submit_sm_resp. {@code expiresAt} (absent in records from before it
     * existed) is when its validity ends: no receipt by then plus the grace, and it ends EXPIRED.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Submitted(int schemaVersion, String messageId, String tenant, String clientId, String country,
            String recipientToken, Instant acceptedAt, String carrier, TextEncoding encoding, int segments,
            List<String> carrierMessageIds, Instant submittedAt, Instant expiresAt) {

        /** {@code expiresAt}: the message's not-after, or {@code defaultValidity} after the submit. */
        static Submitted of(SealedMessage m, String carrier, TextEncoding encoding, List<String> ids, Instant at,
                java.time.Duration defaultValidity) {
            return new Submitted(1, m.messageId(), m.tenant(), m.clientId(), m.country(), m.recipientToken(),
                    m.acceptedAt(), carrier, encoding, ids.size(), List.copyOf(ids), at,
                    m.notAfter() != null ? m.notAfter() : at.plus(defaultValidity));
        }

        Receipt receipt(ReceiptStatus status, Instant at, String reason, String errorCode, String carrierId) {
            return new Receipt(Receipt.SCHEMA_VERSION, messageId, tenant, clientId, status, at, reason, errorCode,
                    carrier, carrierId, segments, encoding, country, recipientToken, acceptedAt);
        }
    }

    /** Key {@code p:<messageId>:<part>}: the carrier's final word on one part, written once. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PartOutcome(int schemaVersion, String messageId, int part, ReceiptStatus status, String reason,
            String errorCode, Instant at) {
    }

    /**
     * On {@code sms.dispatch.orphans}, key {@link #orphanKey}: a receipt that matched no message in
     * flight when it came (an id we never issued, or one whose correlation was lost or not yet
     * visible), acknowledged to the carrier once this record was durable. Tombstoned when a
     * correlation for it shows up and the receipt is applied; the topic's retention ages out the rest.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Orphan(int schemaVersion, String carrier, String carrierMessageId, ReceiptStatus status, String reason,
            String errorCode, Instant receivedAt, Instant submitDate) {

        /** A receipt without a submit date. */
        Orphan(int schemaVersion, String carrier, String carrierMessageId, ReceiptStatus status, String reason,
                String errorCode, Instant receivedAt) {
            this(schemaVersion, carrier, carrierMessageId, status, reason, errorCode, receivedAt, null);
        }
    }

    /**
     * {@code <carrier>|<canonical id>}, and {@code |<submit date in epoch seconds>} when the receipt
     * has one: two messages the carrier gave the same id keep an orphan each.
     */
    static String orphanKey(Orphan o) {
        return o.carrier() + "|" + CarrierIds.canonical(o.carrierMessageId())
                + (o.submitDate() == null ? "" : "|" + o.submitDate().getEpochSecond());
    }

    static String messageKey(String messageId) {
        return "m:" + messageId;
    }

    static String partKey(String messageId, int part) {
        return "p:" + messageId + ":" + part;
    }
}
