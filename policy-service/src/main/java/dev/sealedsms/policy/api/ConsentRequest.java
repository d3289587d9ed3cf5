package dev.sealedsms.policy.api;

/**
 * Body of {@code POST /v1/optouts} and {@code POST /v1/optins}.
 *
 * @param recipient the number, E.164 (e.g. {@code +447400123123}); never echoed back
 */
public record ConsentRequest(String recipient) {

    @Override
    public String toString() {
        return "ConsentRequest[recipient=<redacted>]";
    }
}
