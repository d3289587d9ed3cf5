package dev.sealedsms.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.SealedMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final SecretKey KEY = key();
    private static final byte[] AAD = SealedMessage.associatedData(1, "m1", "acme");
    private static final byte[] CANARY = "{\"recipient\":\"+447400123123\",\"body\":\"canary\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedTextOpensWithTheSameKeyAndAssociatedData() {
        Envelope.Sealed s = Envelope.seal(KEY, CANARY, AAD);

        assertArrayEquals(CANARY, Envelope.open(KEY, s.nonce(), s.ciphertext(), AAD));
        assertEquals(12, s.nonce().length);
        assertEquals(CANARY.length + 16, s.ciphertext().length);
    }

    @Test
    void ciphertextNeverContainsThePlaintext() {
        Envelope.Sealed s = Envelope.seal(KEY, CANARY, AAD);

        String asText = new String(s.ciphertext(), StandardCharsets.ISO_8859_1);
        assertFalse(asText.contains("447400123123"));
        assertFalse(asText.contains("canary"));
    }

    @Test
    void everyMessageGetsAFreshNonce() {
        Envelope.Sealed a = Envelope.seal(KEY, CANARY, AAD);
        Envelope.Sealed b = Envelope.seal(KEY, CANARY, AAD);

        assertFalse(Arrays.equals(a.nonce(), b.nonce()));
        assertFalse(Arrays.equals(a.ciphertext(), b.ciphertext()));
    }

    @Test
    void aFlippedCiphertextByteFailsToOpen() {
        Envelope.Sealed s = Envelope.seal(KEY, CANARY, AAD);
        byte[] tampered = s.ciphertext().clone();
        tampered[3] ^= 0x01;

        assertThrows(EnvelopeTamperedException.class, () -> Envelope.open(KEY, s.nonce(), tampered, AAD));
    }

    @Test
    void otherAssociatedDataFailsToOpen() {
        Envelope.Sealed s = Envelope.seal(KEY, CANARY, AAD);

        EnvelopeTamperedException e = assertThrows(EnvelopeTamperedException.class, () -> Envelope.open(KEY,
                s.nonce(), s.ciphertext(), SealedMessage.associatedData(1, "m2", "acme")));
        assertTrue(e.getMessage().contains("tag mismatch"));
    }

    @Test
    void anotherKeyFailsToOpen() {
        Envelope.Sealed s = Envelope.seal(KEY, CANARY, AAD);

        assertThrows(EnvelopeTamperedException.class, () -> Envelope.open(key(), s.nonce(), s.ciphertext(), AAD));
    }

    @Test
    void transitErrorsAreClassifiedOnce() {
        assertTrue(TransitClient.classify("datakey", "k", 0, false, null).retryable());
        assertTrue(TransitClient.classify("datakey", "k", 503, false, null).retryable());
        assertEquals(TransitException.Kind.KEY_MISSING, TransitClient.classify("decrypt", "k", 400, true, null).kind());
        assertEquals(TransitException.Kind.PERMANENT, TransitClient.classify("decrypt", "k", 400, false, null).kind());
        assertEquals(TransitException.Kind.PERMANENT, TransitClient.classify("decrypt", "k", 403, false, null).kind());
    }

    @Test
    void backoffGrowsAndStaysUnderTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

        for (int i = 0; i < 50; i++) {
            assertTrue(b.delay(1).toMillis() <= 100);
            assertTrue(b.delay(30).toMillis() <= 2000);
            assertTrue(b.delay(30).toMillis() >= 1000);
        }
        assertNotEquals(0, b.delay(5).toMillis());
    }

    private static SecretKey key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Envelope.key(k);
    }
}
