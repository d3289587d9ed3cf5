package dev.sealedsms.policy.api;

/**
 * Body of {@code POST /v1/messages}.
 *
 * @param to              recipient, E.164 (e.g. +447400123123)
 * @param from            sender id allowed for the client
 * @param body            the text
 * @param clientReference the client's own reference, echoed in the response; must not hold personal data
 */
public record SendRequest(String to, String from, String body, String clientReference) {

    @Override
    public String toString() {
        return "SendRequest[from=" + from + ", to=<redacted>, body=<redacted>]";
    }
}
