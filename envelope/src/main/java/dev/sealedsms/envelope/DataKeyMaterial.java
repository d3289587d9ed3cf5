package dev.sealedsms.envelope;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * An AES-256 data key whose bytes we own and can really zero. {@code SecretKeySpec} keeps a private
 * copy that cannot be wiped; this key hands the cipher a fresh copy on every {@link #getEncoded()}
 * (the JDK's AES-GCM zeroes that copy after expanding it) and {@link #destroy()} overwrites the
 * only long-lived one. A destroyed key refuses to be used, so a bug that seals with a retired key
 * fails loudly instead of encrypting under zeros.
 */
public final class DataKeyMaterial implements SecretKey {

    private static final long serialVersionUID = 1L;

    private final transient byte[] bytes;
    private volatile boolean destroyed;

    /** Copies {@code keyBytes}; the caller zeroes its own array. */
    public DataKeyMaterial(byte[] keyBytes) {
        if (keyBytes == null || keyBytes.length != Envelope.KEY_BYTES) {
            throw new IllegalArgumentException("data key must be " + Envelope.KEY_BYTES + " bytes");
        }
        this.bytes = keyBytes.clone();
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("data key already destroyed");
        }
        return bytes.clone();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** For tests: whether every byte of the long-lived copy is zero. */
    boolean allZero() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "DataKeyMaterial[<redacted>" + (destroyed ? ", destroyed" : "") + "]";
    }
}
