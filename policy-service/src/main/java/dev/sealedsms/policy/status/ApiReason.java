package dev.sealedsms.policy.status;

import dev.sealedsms.policy.api.Problem;
import java.util.Locale;

/**
 * Stable reason codes of the status and callback endpoints, beside the submission reasons of
 * {@code rules.Reason} and with the same {@code type} URIs. Clients switch on these; never rename one.
 */
public enum ApiReason {
    /** No message with this id for the caller: unknown, another tenant's, or older than the view keeps. */
    MESSAGE_NOT_FOUND(404, "No message with this id is known to the caller"),
    /** The client has no callback registered. */
    CALLBACK_NOT_REGISTERED(404, "The client has no status callback registered"),
    /** The callback URL is not one the service may call (scheme, host, port, private address). */
    CALLBACK_URL_NOT_ALLOWED(422, "The callback URL is not allowed");

    private final int status;
    private final String title;

    ApiReason(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** RFC 9457 problem details for this reason; {@code detail} must not quote a body or a number. */
    public Problem problem(String detail) {
        return new Problem("https://sealedsms.dev/problems/" + name().toLowerCase(Locale.ROOT).replace('_', '-'),
                title, status, name(), detail, null);
    }
}
