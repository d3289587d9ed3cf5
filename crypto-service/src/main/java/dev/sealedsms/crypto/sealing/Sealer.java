package dev.sealedsms.crypto.sealing;

import dev.sealedsms.envelope.Envelope;
import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.SealedContent;
import dev.sealedsms.events.SealedMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Turns an approved message into a sealed envelope: {recipient, body} encrypted under the tenant's
 * current data key, bound to message id, tenant and schema version; the number replaced by its
 * token everywhere else.
 */
@ApplicationScoped
public class Sealer {

    private final DataKeyCache keys;
    private final RecipientTokens tokens;

    public Sealer(DataKeyCache keys, RecipientTokens tokens) {
        this.keys = keys;
        this.tokens = tokens;
    }

    public SealedMessage seal(ApprovedMessage m) {
        String token = tokens.token(m.tenant(), m.recipient());
        byte[] plaintext = EventJson.write(new SealedContent(m.recipient(), m.body()));
        // The lease keeps the data key from being zeroed while this seal uses it (DataKeyCache).
        try (DataKeyCache.Lease lease = keys.lease(m.tenant())) {
            Envelope.Sealed sealed = Envelope.seal(lease.key(), plaintext,
                    SealedMessage.associatedData(SealedMessage.SCHEMA_VERSION, m.messageId(), m.tenant()));
            Base64.Encoder b64 = Base64.getEncoder();
            return new SealedMessage(SealedMessage.SCHEMA_VERSION, m.messageId(), m.tenant(), m.clientId(),
                    m.senderId(), lease.keyName(), lease.keyVersion(), lease.wrapped(),
                    b64.encodeToString(sealed.nonce()), b64.encodeToString(sealed.ciphertext()), token, m.country(),
                    m.category(), m.segments(), m.encoding(), m.acceptedAt(), m.notAfter(), Instant.now(),
                    m.notBefore());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
