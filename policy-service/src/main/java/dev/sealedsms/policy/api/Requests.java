package dev.sealedsms.policy.api;

import dev.sealedsms.events.Category;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.policy.rules.Submission;
import java.time.Duration;

/**
 * The shape checks every submission passes before the policy sees it, whether it came over HTTP
 * (single or batch) or from {@code sms.requests}. A bad field is a {@link ProblemException} naming
 * the field, never its value.
 */
public final class Requests {

    static final int MAX_BODY_CHARS = 5_000;
    static final int MAX_REFERENCE_CHARS = 128;
    static final int MIN_VALIDITY_SECONDS = 60;
    static final int MAX_VALIDITY_SECONDS = 7 * 24 * 3600;

    private Requests() {
    }

    public static Submission submission(Principal principal, String to, String from, String body, String category,
            Integer validityPeriod, String clientReference) {
        require("to", to);
        require("from", from);
        require("body", body);
        if (body.length() > MAX_BODY_CHARS) {
            throw invalid("field 'body' is longer than " + MAX_BODY_CHARS + " characters");
        }
        if (clientReference != null && clientReference.length() > MAX_REFERENCE_CHARS) {
            throw invalid("field 'clientReference' is longer than " + MAX_REFERENCE_CHARS + " characters");
        }
        Duration validity = null;
        if (validityPeriod != null) {
            if (validityPeriod < MIN_VALIDITY_SECONDS || validityPeriod > MAX_VALIDITY_SECONDS) {
                throw invalid("field 'validityPeriod' must be " + MIN_VALIDITY_SECONDS + " to " + MAX_VALIDITY_SECONDS
                        + " seconds");
            }
            validity = Duration.ofSeconds(validityPeriod);
        }
        return new Submission(principal, to, from, body, category(category), validity);
    }

    private static Category category(String wire) {
        if (wire == null) {
            return Category.TRANSACTIONAL;
        }
        for (Category c : Category.values()) {
            if (c.wireName().equals(wire)) {
                return c;
            }
        }
        throw invalid("field 'category' must be transactional, marketing or otp");
    }

    private static void require(String field, String value) {
        if (value == null) {
            throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "field '" + field + "' is required", null));
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(Problem.of(Reason.FIELD_INVALID, detail, null));
    }
}
