package dev.sealedsms.envelope;

import java.util.Arrays;

/**
 * A data key from Transit {@code datakey/plaintext}: the plaintext used locally for AES-GCM and the
 * wrapped form that travels with every envelope sealed under it.
 *
 * @param wrapped Vault's ciphertext of the key ({@code vault:vN:...}); only Vault can unwrap it
 */
public record DataKey(String keyName, int keyVersion, byte[] plaintext, String wrapped) {

    /** Overwrites the plaintext key bytes; call when the key retires. */
    public void destroy() {
        Arrays.fill(plaintext, (byte) 0);
    }

    @Override
    public String toString() {
        return "DataKey[" + keyName + " v" + keyVersion + ", plaintext=<redacted>]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataKey k && k.wrapped.equals(wrapped);
    }

    @Override
    public int hashCode() {
        return wrapped.hashCode();
    }
}
