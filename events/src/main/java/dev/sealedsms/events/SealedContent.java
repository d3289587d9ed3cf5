package dev.sealedsms.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The plaintext inside a {@link SealedMessage}'s ciphertext. It only ever exists in the memory of
 * crypto-service (sealing) and dispatch-service (opening). {@link #toString()} is redacted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SealedContent(String recipient, String body) {

    @Override
    public String toString() {
        return "SealedContent[recipient=<redacted>, body=<redacted>]";
    }
}
