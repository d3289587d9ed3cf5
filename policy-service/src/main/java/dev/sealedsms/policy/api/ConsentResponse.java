package dev.sealedsms.policy.api;

import dev.sealedsms.events.Consent;
import java.time.Instant;

/**
 * Answer to a recorded opt-out or opt-in: the recipient by its token, never by number.
 *
 * @param tenant         the caller's tenant, whose ledger changed
 * @param recipientToken the recipient's pseudonym (Vault HMAC), as on {@code sms.optouts} and receipts
 * @param consent        {@code OPTED_OUT} or {@code OPTED_IN}
 * @param occurredAt     when it was recorded
 */
public record ConsentResponse(String tenant, String recipientToken, Consent consent, Instant occurredAt) {
}
