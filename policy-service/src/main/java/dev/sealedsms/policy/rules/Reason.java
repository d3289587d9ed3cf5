package dev.sealedsms.policy.rules;

/**
 * Stable, machine-readable reasons a submission is refused. Clients switch on these; they appear
 * in problem details ({@code reason}), REJECTED receipts and audit records. Never rename one.
 */
public enum Reason {
    // 400: the request itself is wrong
    MALFORMED_JSON(400, "The request body is not valid JSON"),
    FIELD_MISSING(400, "A required field is missing"),
    FIELD_INVALID(400, "A field has the wrong type or form"),
    // 401
    UNAUTHENTICATED(401, "Missing or unknown API key"),
    // 422: a well-formed message the policy refuses
    RECIPIENT_NOT_E164(422, "The recipient is not a valid E.164 number"),
    COUNTRY_NOT_ALLOWED(422, "The tenant may not send to the recipient's country"),
    SENDER_NOT_ALLOWED(422, "The client may not use this sender id"),
    BODY_EMPTY(422, "The message body is empty"),
    BODY_TOO_LONG(422, "The message body needs more segments than allowed"),
    CONTENT_DENIED(422, "The message body contains denied content"),
    SENSITIVE_CARD_NUMBER(422, "The message body contains a payment card number"),
    SENSITIVE_IBAN(422, "The message body contains a bank account number (IBAN)"),
    SENSITIVE_EMAIL(422, "The message body contains an e-mail address"),
    LINK_NOT_ALLOWED(422, "The message links to a domain that is not allowed"),
    LINK_LOOKALIKE(422, "The message links to a look-alike of a domain"),
    LINK_SHORTENER(422, "The message uses a URL shortener"),
    // 503: we could not take the message; nothing was accepted, retry is safe
    UNAVAILABLE(503, "The message could not be recorded; retry later");

    private final int status;
    private final String title;

    Reason(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** RFC 9457 {@code type}: a stable URI per reason. */
    public String typeUri() {
        return "https://sealedsms.dev/problems/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
