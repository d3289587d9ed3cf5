package dev.sealedsms.policy.api;

import dev.sealedsms.policy.templates.TemplateValues;

/**
 * Body of {@code POST /v1/messages}.
 *
 * @param to              recipient, E.164 (e.g. +447400123123)
 * @param from            sender id allowed for the client
 * @param body            the text; or instead {@code template}
 * @param template        one of the tenant's templates by name, with a value per placeholder; the
 *                        text is rendered server-side and then checked like a body
 * @param clientReference the client's own reference, echoed in the response; must not hold personal data
 * @param category        {@code transactional} (default), {@code marketing} or {@code otp}
 * @param validityPeriod  seconds the message may take to deliver, 60 to 604800 (default: the policy's),
 *                        counted from the time it may be sent
 * @param sendAt          send no earlier than this time: RFC 3339 with an offset, e.g.
 *                        {@code 2026-11-25T09:00:00Z}, at most 7 days ahead; absent or past: now
 */
public record SendRequest(String to, String from, String body, TemplateValues template, String clientReference,
        String category, Integer validityPeriod, String sendAt) {

    public SendRequest(String to, String from, String body, TemplateValues template, String clientReference,
            String category, Integer validityPeriod) {
        this(to, from, body, template, clientReference, category, validityPeriod, null);
    }

    @Override
    public String toString() {
        return "SendRequest[from=" + from + ", to=<redacted>, body=<redacted>]";
    }
}
