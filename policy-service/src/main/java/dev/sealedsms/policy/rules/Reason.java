package dev.sealedsms.policy.rules;

/**
 * Stable, machine-readable reasons a submission is refused. Clients switch on these; they appear
 * in problem details ({@code reason}), REJECTED receipts and audit records. Never rename one.
 */
public enum Reason {
    // 400: the request itself is wrong
    MALFORMED_JSON(400, "The request body is not valid JSON", null),
    FIELD_MISSING(400, "A required field is missing", null),
    FIELD_INVALID(400, "A field has the wrong type or form", null),
    HEADER_AMBIGUOUS(400, "A header that must appear once (Authorization, Idempotency-Key) came more than once", null),
    MALFORMED_REQUEST(400, "The request's path or framing headers cannot be read", null),
    // 404: no endpoint has the path (an unknown message id is MESSAGE_NOT_FOUND)
    PATH_NOT_FOUND(404, "No endpoint has this path", null),
    // 405: the path exists, the method does not
    METHOD_NOT_ALLOWED(405, "The path does not take this method", null),
    // 406: the client accepts none of the media types the endpoint answers with
    NOT_ACCEPTABLE(406, "The endpoint answers only with JSON (application/json, application/problem+json)", null),
    // 411: a request with a body must say how long it is
    LENGTH_REQUIRED(411, "A request body needs Content-Length or Transfer-Encoding: chunked", null),
    // 413, 415: the HTTP layer refused the body before it was read as a request
    PAYLOAD_TOO_LARGE(413, "The request body is larger than the service accepts", null),
    UNSUPPORTED_MEDIA_TYPE(415, "The request body must be application/json", null),
    // 401
    UNAUTHENTICATED(401, "Missing or unknown API key", null),
    // 403: a known client whose role may not do this
    ROLE_NOT_ALLOWED(403, "The client's role may not use this endpoint", null),
    // 422: a well-formed message the policy refuses
    RECIPIENT_NOT_E164(422, "The recipient is not a valid E.164 number", "recipient-e164"),
    NUMBER_TYPE_NOT_ALLOWED(422, "The recipient's number type (a landline) cannot be texted", "number-type"),
    NUMBER_PREMIUM_RATE(422, "The recipient is a premium-rate number", "number-type"),
    NUMBER_SHARED_COST(422, "The recipient is a shared-cost number", "number-type"),
    NUMBER_TOLL_FREE(422, "The recipient is a toll-free number", "number-type"),
    NUMBER_UAN(422, "The recipient is a universal access number (UAN)", "number-type"),
    NUMBER_VOICEMAIL(422, "The recipient is a voicemail access number", "number-type"),
    NUMBER_PAGER(422, "The recipient is a pager number", "number-type"),
    NUMBER_VOIP(422, "The recipient is a VoIP number", "number-type"),
    NUMBER_PERSONAL(422, "The recipient is a personal (follow-me) number", "number-type"),
    NUMBER_TYPE_UNKNOWN(422, "The recipient's number type is not known", "number-type"),
    RECIPIENT_DENIED(422, "The recipient is on the tenant's deny-list", "recipient-deny-list"),
    RECIPIENT_OPTED_OUT(422, "The recipient has opted out (STOP) of the tenant's messages", "consent"),
    QUIET_HOURS(422, "Marketing messages are not sent in the recipient's quiet hours", "quiet-hours"),
    COUNTRY_NOT_ALLOWED(422, "The tenant may not send to the recipient's country", "country-allowed"),
    SENDER_NOT_ALLOWED(422, "The client may not use this sender id", "sender-allowed"),
    TEMPLATE_REQUIRED(422, "The client may send only templates, not free text", "template"),
    TEMPLATE_UNKNOWN(422, "The tenant has no template of that name", "template"),
    TEMPLATE_VALUE_INVALID(422, "A template value is missing or does not fit its placeholder", "template"),
    BODY_EMPTY(422, "The message body is empty", "body-not-empty"),
    BODY_INVISIBLE(422, "The message body has no visible character", "body-not-empty"),
    BODY_BIDI_CONTROL(422, "The message body has bidirectional override, embedding or isolate controls",
            "bidi-controls"),
    BODY_TOO_LONG(422, "The message body needs more segments than allowed", "max-segments"),
    CONTENT_DENIED(422, "The message body contains denied content", "content-deny-list"),
    SENSITIVE_CARD_NUMBER(422, "The message body contains a payment card number", "sensitive-data"),
    SENSITIVE_IBAN(422, "The message body contains a bank account number (IBAN)", "sensitive-data"),
    SENSITIVE_EMAIL(422, "The message body contains an e-mail address", "sensitive-data"),
    LINK_NOT_ALLOWED(422, "The message links to a domain that is not allowed", "link-allow-list"),
    LINK_LOOKALIKE(422, "The message links to a look-alike of a domain", "link-allow-list"),
    LINK_SHORTENER(422, "The message uses a URL shortener", "link-allow-list"),
    LINK_SCHEME_NOT_ALLOWED(422, "The message has a link whose scheme is not http or https", "link-allow-list"),
    LINK_IP_LITERAL(422, "The message links to an IP address instead of a domain", "link-allow-list"),
    // 409: an Idempotency-Key already used for a different request of the same client
    IDEMPOTENCY_KEY_REUSED(409, "The Idempotency-Key was already used with a different request", null),
    // 429: the client is over its own limits; retry after Retry-After
    RATE_LIMITED(429, "The client is over its rate limit (messages per second)", "rate-limit"),
    QUOTA_EXCEEDED(429, "The client has used its daily quota (UTC day)", "daily-quota"),
    // 503: we could not take the message; nothing was accepted, retry is safe
    UNAVAILABLE(503, "The message could not be recorded; retry later", null);

    private final int status;
    private final String title;
    private final String rule;

    Reason(int status, String title, String rule) {
        this.status = status;
        this.title = title;
        this.rule = rule;
    }

    /** The policy rule that gives this reason, or null for reasons about the request itself. */
    public String rule() {
        return rule;
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
