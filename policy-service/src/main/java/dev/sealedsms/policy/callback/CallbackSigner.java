package dev.sealedsms.policy.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-client signing secrets and callback signatures.
 *
 * <p>Secret = {@code whsec_} + base64url(HMAC-SHA256(master key, "sealed-callback-secret/v1\n" +
 * clientId + "\n" + registrationId)): every replica derives the same secret from the master key (a
 * Kubernetes Secret) and the registration on Kafka, and no secret is ever stored. A new registration
 * gets a new id, hence a new secret; the old one stops working at once.
 *
 * <p>Signature header {@value #HEADER}: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>},
 * the secret's UTF-8 bytes as key.
 */
public final class CallbackSigner {

    public static final String HEADER = "Sealed-Signature";
    private static final String HMAC = "HmacSHA256";

    private final byte[] masterKey;

    public CallbackSigner(String masterKey) {
        if (masterKey == null || masterKey.length() < 32) {
            throw new IllegalStateException("sealed.callbacks.signing-key must be at least 32 characters");
        }
        this.masterKey = masterKey.getBytes(StandardCharsets.UTF_8);
    }

    /** The signing secret of one registration. */
    public String secret(String clientId, String registrationId) {
        byte[] derived = hmac(masterKey, ("sealed-callback-secret/v1\n" + clientId + "\n" + registrationId)
                .getBytes(StandardCharsets.UTF_8));
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(derived);
    }

    /** The {@value #HEADER} value for {@code body} sent at {@code unixSeconds}. */
    public static String signature(String secret, long unixSeconds, byte[] body) {
        byte[] prefix = (unixSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8),
                signed));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no HmacSHA256", e);
        }
    }
}
