package dev.sealedsms.policy.consent;

/**
 * The recipient's consent cannot be checked now (Vault cannot make the recipient token, or the
 * consent ledger is not loaded). Nothing may be sent unchecked: the caller answers 503 UNAVAILABLE
 * and a retry is safe. The message names no number.
 */
public class ConsentUnavailableException extends RuntimeException {

    public ConsentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
