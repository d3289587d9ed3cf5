package dev.sealedsms.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class DataKeyMaterialTest {

    @Test
    void sealsSoThatTheSameBytesAsAPlainKeyOpenIt() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        DataKeyMaterial key = new DataKeyMaterial(raw);
        byte[] aad = "aad".getBytes(StandardCharsets.UTF_8);

        Envelope.Sealed sealed = Envelope.seal(key, "hello".getBytes(StandardCharsets.UTF_8), aad);

        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8),
                Envelope.open(Envelope.key(raw), sealed.nonce(), sealed.ciphertext(), aad));
    }

    @Test
    void destroyZeroesItsBytesAndRefusesLaterUse() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        DataKeyMaterial key = new DataKeyMaterial(raw);
        assertFalse(key.allZero());

        key.destroy();

        assertTrue(key.isDestroyed());
        assertTrue(key.allZero());
        assertThrows(RuntimeException.class, () -> Envelope.seal(key, new byte[] {1}, new byte[] {2}));
    }

    @Test
    void neverPrintsItsBytes() {
        assertFalse(new DataKeyMaterial(new byte[32]).toString().contains("0, 0"));
    }
}
