package dev.sealedsms.policy.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import java.time.Instant;
import java.util.Map;

/**
 * A message's lifecycle as the status API answers it: the folded receipts of one message. Never a
 * body, a number or a recipient token.
 *
 * @param status           the latest status in lifecycle order (ACCEPTED, SUBMITTED, then the terminal
 *                         one); once a terminal status is known it stays
 * @param terminal         true when no later status can follow
 * @param times            when each status was first recorded
 * @param updatedAt        the latest of {@code times}
 * @param reason           reason code of the current status (REJECTED, FAILED, UNDELIVERED, EXPIRED)
 * @param errorCode        carrier or SMPP error code of the current status, when there is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageStatus(
        String messageId,
        String clientId,
        ReceiptStatus status,
        boolean terminal,
        Instant acceptedAt,
        Instant updatedAt,
        Map<ReceiptStatus, Instant> times,
        String reason,
        String errorCode,
        String carrier,
        String carrierMessageId,
        Integer segments,
        TextEncoding encoding,
        String country) {
}
