package dev.sealedsms.dispatch.opening;

import dev.sealedsms.dispatch.config.DispatchConfig;
import dev.sealedsms.envelope.Envelope;
import dev.sealedsms.envelope.EnvelopeTamperedException;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.SealedContent;
import dev.sealedsms.events.SealedMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * Opens sealed envelopes: unwraps the data key with Transit {@code decrypt} (cached briefly, keyed
 * by key name and wrapped form) and decrypts {recipient, body}. A tampered envelope throws
 * {@link EnvelopeTamperedException}; Vault problems throw {@code TransitException}.
 */
@ApplicationScoped
public class EnvelopeOpener {

    private record Cached(SecretKey key, Instant expires) {
    }

    private final TransitClient transit;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached> keys;

    EnvelopeOpener(TransitClient transit, DispatchConfig config) {
        this.transit = transit;
        this.ttl = config.dataKeyCacheTtl();
        int capacity = config.dataKeyCacheSize();
        this.keys = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > capacity;
            }
        };
    }

    public SealedContent open(SealedMessage m) {
        byte[] nonce;
        byte[] ciphertext;
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            nonce = b64.decode(m.nonce());
            ciphertext = b64.decode(m.ciphertext());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new EnvelopeTamperedException("nonce or ciphertext is not base64");
        }
        byte[] plaintext = Envelope.open(dataKey(m), nonce, ciphertext, m.associatedData());
        try {
            return EventJson.read(plaintext, SealedContent.class);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private SecretKey dataKey(SealedMessage m) {
        Instant now = clock.instant();
        // Keyed by key name too: a wrapped key presented under another tenant's key name must go to
        // Vault (and fail there), never be answered from the cache.
        String cacheKey = m.keyName() + '\n' + m.wrappedKey();
        synchronized (keys) {
            Cached c = keys.get(cacheKey);
            if (c != null && c.expires().isAfter(now)) {
                return c.key();
            }
        }
        byte[] raw = transit.decryptDataKey(m.keyName(), m.wrappedKey());
        SecretKey key;
        try {
            key = Envelope.key(raw);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeTamperedException("wrapped key does not unwrap to an AES-256 key");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        synchronized (keys) {
            keys.put(cacheKey, new Cached(key, now.plus(ttl)));
        }
        return key;
    }
}
