package dev.sealedsms.policy.rules;

import dev.sealedsms.policy.auth.Principal;

/**
 * One message as the policy sees it: who sends it and what it says. {@link #toString()} is redacted.
 */
public record Submission(Principal principal, String to, String from, String body) {

    @Override
    public String toString() {
        return "Submission[client=" + principal.clientId() + ", tenant=" + principal.tenant()
                + ", from=" + from + ", to=<redacted>, body=<redacted>]";
    }
}
