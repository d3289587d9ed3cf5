package dev.sealedsms.envelope;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per message and a 128-bit tag. The associated data
 * binds a ciphertext to its message (see {@code SealedMessage.associatedData}); a flipped byte, a
 * wrong key or other associated data fails {@link #open} with {@link EnvelopeTamperedException}.
 */
public final class Envelope {

    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;
    public static final int KEY_BYTES = 32;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Envelope() {
    }

    /** A ciphertext (tag appended) and the nonce it was sealed with. */
    public record Sealed(byte[] nonce, byte[] ciphertext) {
    }

    /**
     * The AES key for {@code keyBytes}. The key object holds its own copy, so callers can zero
     * {@code keyBytes} at once and keep only this.
     */
    public static SecretKey key(byte[] keyBytes) {
        if (keyBytes == null || keyBytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("data key must be " + KEY_BYTES + " bytes");
        }
        return new SecretKeySpec(keyBytes, "AES");
    }

    public static Sealed seal(SecretKey key, byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData);
            return new Sealed(nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable or key invalid", e);
        }
    }

    public static byte[] open(SecretKey key, byte[] nonce, byte[] ciphertext, byte[] associatedData) {
        if (nonce == null || nonce.length != NONCE_BYTES) {
            throw new EnvelopeTamperedException("nonce is not " + NONCE_BYTES + " bytes");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData).doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new EnvelopeTamperedException("authentication tag mismatch: ciphertext, nonce, key or associated data altered");
        } catch (GeneralSecurityException e) {
            throw new EnvelopeTamperedException("ciphertext cannot be opened (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        return cipher;
    }
}
