package dev.sealedsms.policy.rules;

import dev.sealedsms.events.Category;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.templates.TemplateValues;
import java.time.Duration;
import java.time.Instant;

/**
 * One message as the policy sees it: who sends it, what it says (a body, or a template and its
 * values, rendered by the policy), what kind of traffic it is, how long it may take to deliver
 * (null: the policy's default) and when it is to be sent (null: now). {@link #toString()} is redacted.
 */
public record Submission(Principal principal, String to, String from, String body, Category category,
        Duration validity, TemplateValues template, Instant sendAt) {

    /** A message to send now. */
    public Submission(Principal principal, String to, String from, String body, Category category,
            Duration validity, TemplateValues template) {
        this(principal, to, from, body, category, validity, template, null);
    }

    /** A free-text message. */
    public Submission(Principal principal, String to, String from, String body, Category category,
            Duration validity) {
        this(principal, to, from, body, category, validity, null);
    }

    /** A transactional message with the default validity. */
    public Submission(Principal principal, String to, String from, String body) {
        this(principal, to, from, body, Category.TRANSACTIONAL, null);
    }

    @Override
    public String toString() {
        return "Submission[client=" + principal.clientId() + ", tenant=" + principal.tenant()
                + ", from=" + from + ", category=" + category + ", to=<redacted>, body=<redacted>]";
    }
}
