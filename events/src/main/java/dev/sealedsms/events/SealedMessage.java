package dev.sealedsms.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A sealed envelope on {@link Topics#SEALED}, written by crypto-service and read by dispatch-service.
 *
 * <p>{@code ciphertext} is AES-256-GCM over the JSON of {@link SealedContent}, under a data key
 * that Vault Transit wrapped as {@code wrappedKey} with the tenant key {@code keyName} version
 * {@code keyVersion}. The associated data is {@link #associatedData(int, String, String)}, so a
 * ciphertext moved to another message id, tenant or schema version does not open.
 *
 * @param nonce          96-bit GCM nonce, base64
 * @param ciphertext     ciphertext with the 128-bit tag appended, base64
 * @param recipientToken pseudonym of the number: Vault Transit HMAC under the tenant's HMAC key
 * @param notBefore      not submitted before this instant (scheduled or deferred); null: at once.
 *                       Added within schema version 1, older readers ignore it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SealedMessage(
        int schemaVersion,
        String messageId,
        String tenant,
        String clientId,
        String senderId,
        String keyName,
        int keyVersion,
        String wrappedKey,
        String nonce,
        String ciphertext,
        String recipientToken,
        String country,
        Category category,
        int segments,
        TextEncoding encoding,
        Instant acceptedAt,
        Instant notAfter,
        Instant sealedAt,
        Instant notBefore) {

    public static final int SCHEMA_VERSION = 1;
    /** CloudEvents {@code ce_type}. */
    public static final String TYPE = "dev.sealedsms.sealed.v1";

    /** An envelope to submit at once. */
    public SealedMessage(int schemaVersion, String messageId, String tenant, String clientId, String senderId,
            String keyName, int keyVersion, String wrappedKey, String nonce, String ciphertext, String recipientToken,
            String country, Category category, int segments, TextEncoding encoding, Instant acceptedAt,
            Instant notAfter, Instant sealedAt) {
        this(schemaVersion, messageId, tenant, clientId, senderId, keyName, keyVersion, wrappedKey, nonce, ciphertext,
                recipientToken, country, category, segments, encoding, acceptedAt, notAfter, sealedAt, null);
    }

    /** The AES-GCM associated data that binds a ciphertext to its message, tenant and schema version. */
    public static byte[] associatedData(int schemaVersion, String messageId, String tenant) {
        return ("sealed-sms/v" + schemaVersion + "\n" + messageId + "\n" + tenant).getBytes(StandardCharsets.UTF_8);
    }

    /** The associated data of this envelope. */
    public byte[] associatedData() {
        return associatedData(schemaVersion, messageId, tenant);
    }
}
