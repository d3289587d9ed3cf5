package dev.sealedsms.policy.rules;

import dev.sealedsms.events.Consent;

/**
 * The consent ledger as the engine sees it: the latest consent a tenant has recorded for a number.
 * The engine stays free of I/O by asking through this interface; the service's implementation
 * ({@code consent.ConsentView}) turns the number into its recipient token and looks it up in
 * {@code sms.optouts}.
 */
@FunctionalInterface
public interface RecipientConsent {

    /** For tests and the in-process benchmark: no recipient has ever opted out. */
    RecipientConsent NONE_RECORDED = (tenant, e164) -> null;

    /**
     * The tenant's latest recorded consent for {@code e164}, or null when none was ever recorded.
     *
     * @throws RuntimeException when it cannot be known (Vault unavailable, ledger not loaded); the
     *                          message must then not be sent, and the caller answers 503
     */
    Consent of(String tenant, String e164);
}
