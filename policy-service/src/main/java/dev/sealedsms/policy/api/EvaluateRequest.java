package dev.sealedsms.policy.api;

import dev.sealedsms.policy.templates.TemplateValues;

/**
 * Body of {@code POST /v1/policy:evaluate}: the body of {@code POST /v1/messages} plus the client
 * to evaluate it as (a client of the caller's own tenant; the tenant follows from the client).
 *
 * @param clientId        the client whose sender ids, tenant and rules apply
 * @param to              recipient, E.164
 * @param from            sender id
 * @param body            the text; or instead {@code template}
 * @param template        one of the tenant's templates by name, with a value per placeholder
 * @param clientReference the caller's own reference, echoed back; must not hold personal data
 * @param category        {@code transactional} (default), {@code marketing} or {@code otp}
 * @param validityPeriod  seconds, 60 to 604800
 * @param sendAt          when it would be sent (RFC 3339 with an offset); absent: now
 */
public record EvaluateRequest(String clientId, String to, String from, String body, TemplateValues template,
        String clientReference, String category, Integer validityPeriod, String sendAt) {

    public EvaluateRequest(String clientId, String to, String from, String body, TemplateValues template,
            String clientReference, String category, Integer validityPeriod) {
        this(clientId, to, from, body, template, clientReference, category, validityPeriod, null);
    }

    @Override
    public String toString() {
        return "EvaluateRequest[clientId=" + clientId + ", from=" + from + ", to=<redacted>, body=<redacted>]";
    }
}
