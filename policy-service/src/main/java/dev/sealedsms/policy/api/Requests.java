package dev.sealedsms.policy.api;

import dev.sealedsms.events.Category;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.policy.rules.Submission;
import dev.sealedsms.policy.templates.TemplateValues;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

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
    /** How far ahead a message may be scheduled: as long as the longest validity. */
    static final Duration MAX_SCHEDULE_AHEAD = Duration.ofDays(7);
    static final int MAX_TEMPLATE_VALUES = 50;
    static final int MAX_TEMPLATE_VALUE_CHARS = 1_000;
    private static final java.util.regex.Pattern PLACEHOLDER_NAME =
            java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");

    private Requests() {
    }

    public static Submission submission(Principal principal, String to, String from, String body, String category,
            Integer validityPeriod, String clientReference) {
        return submission(principal, to, from, body, null, category, validityPeriod, clientReference);
    }

    /** As above, with a template instead of the body: exactly one of {@code body} and {@code template}. */
    public static Submission submission(Principal principal, String to, String from, String body,
            TemplateValues template, String category, Integer validityPeriod, String clientReference) {
        return submission(principal, to, from, body, template, category, validityPeriod, clientReference, null);
    }

    /** As above, to be sent no earlier than {@code sendAt} (null: now). */
    public static Submission submission(Principal principal, String to, String from, String body,
            TemplateValues template, String category, Integer validityPeriod, String clientReference,
            Instant sendAt) {
        require("to", to);
        require("from", from);
        if (template != null) {
            checkTemplate(body, template);
        } else {
            require("body", body);
        }
        if (body != null && body.length() > MAX_BODY_CHARS) {
            throw invalid("field 'body' is longer than " + MAX_BODY_CHARS + " characters");
        }
        if (clientReference != null && clientReference.length() > MAX_REFERENCE_CHARS) {
            throw invalid("field 'clientReference' is longer than " + MAX_REFERENCE_CHARS + " characters");
        }
        if (body != null && !isText(body, true)) {
            throw invalid("field 'body' contains a control character (other than tab and line breaks) or an "
                    + "unpaired surrogate");
        }
        if (clientReference != null && !isText(clientReference, false)) {
            throw invalid("field 'clientReference' contains a control character or an unpaired surrogate");
        }
        Duration validity = null;
        if (validityPeriod != null) {
            if (validityPeriod < MIN_VALIDITY_SECONDS || validityPeriod > MAX_VALIDITY_SECONDS) {
                throw invalid("field 'validityPeriod' must be " + MIN_VALIDITY_SECONDS + " to " + MAX_VALIDITY_SECONDS
                        + " seconds");
            }
            validity = Duration.ofSeconds(validityPeriod);
        }
        if (sendAt != null && sendAt.isAfter(Instant.now().plus(MAX_SCHEDULE_AHEAD))) {
            throw invalid("field 'sendAt' is more than " + MAX_SCHEDULE_AHEAD.toDays() + " days ahead");
        }
        return new Submission(principal, to, from, body, category(category), validity, template, sendAt);
    }

    /** {@code sendAt} of an HTTP request: RFC 3339 with an offset; null when absent. */
    public static Instant sendAt(String wire) {
        if (wire == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(wire).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("field 'sendAt' must be a date-time with an offset, e.g. 2026-11-25T09:00:00Z");
        }
    }

    /**
     * Whether {@code s} is text a handset can show: no C0 or C1 control (NUL, ESC, …) but, when
     * {@code lineBreaks}, tab, CR and LF; no unpaired surrogate (it cannot be encoded, in UTF-8 or UCS-2).
     */
    static boolean isText(String s, boolean lineBreaks) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && !(lineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void checkTemplate(String body, TemplateValues template) {
        if (body != null) {
            throw invalid("send either 'body' or 'template', not both");
        }
        require("template.name", template.name());
        if (template.values().size() > MAX_TEMPLATE_VALUES) {
            throw invalid("field 'template.values' has more than " + MAX_TEMPLATE_VALUES + " entries");
        }
        template.values().forEach((name, value) -> {
            if (!PLACEHOLDER_NAME.matcher(name).matches()) {
                throw invalid("field 'template.values' has a key that is not a placeholder name");
            }
            if (value != null && value.length() > MAX_TEMPLATE_VALUE_CHARS) {
                throw invalid("field 'template.values." + name + "' is longer than " + MAX_TEMPLATE_VALUE_CHARS
                        + " characters");
            }
        });
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
