package dev.sealedsms.testsupport;

import java.util.Objects;

/**
 * The least-privilege Vault tokens that {@code deploy/vault/bootstrap.sh} issues: {@code crypto}
 * holds policy {@code sealed-crypto} (data keys and HMACs), {@code dispatch} holds
 * {@code sealed-dispatch} (decrypt data keys and HMACs), {@code policy} holds {@code sealed-policy}
 * (recipient HMACs only, for the consent check). {@link #toString()} never shows them.
 */
public record ServiceTokens(String crypto, String dispatch, String policy) {

    public ServiceTokens {
        Objects.requireNonNull(crypto, "crypto");
        Objects.requireNonNull(dispatch, "dispatch");
        Objects.requireNonNull(policy, "policy");
        if (crypto.isBlank() || dispatch.isBlank() || policy.isBlank()) {
            throw new IllegalArgumentException("service tokens must not be blank");
        }
    }

    @Override
    public String toString() {
        return "ServiceTokens[crypto=<redacted>, dispatch=<redacted>, policy=<redacted>]";
    }
}
