package dev.sealedsms.policy.consent;

import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitException;
import dev.sealedsms.envelope.TransitKeys;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recipient tokens as crypto-service and dispatch-service make them: Vault Transit HMAC of the
 * E.164 number under the tenant's key {@code sms-rcpt-<tenant>}, so the token policy-service looks
 * up is the one dispatch wrote for a STOP. Recent tokens are remembered per (tenant, number) in a
 * bounded LRU, in this service's memory only (where the number already is), so Vault is called
 * once per recipient rather than per message.
 */
public final class RecipientTokens {

    private final TransitClient transit;
    private final Map<String, String> recent;

    public RecipientTokens(TransitClient transit, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("token cache capacity must be at least 1, got " + capacity);
        }
        this.transit = transit;
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The remembered token, or null: never calls Vault, so it is safe on an event-loop thread. */
    public String cached(String tenant, String e164) {
        synchronized (recent) {
            return recent.get(cacheKey(tenant, e164));
        }
    }

    /**
     * The token, from memory or from Vault (blocking).
     *
     * @throws ConsentUnavailableException when Vault cannot make it
     */
    public String token(String tenant, String e164) {
        String known = cached(tenant, e164);
        if (known != null) {
            return known;
        }
        String token;
        try {
            token = transit.hmac(TransitKeys.recipientKey(tenant), e164);
        } catch (TransitException e) {
            // The exception names the operation and key only, never the input.
            throw new ConsentUnavailableException("recipient token for tenant " + tenant + " unavailable: "
                    + e.kind() + " " + e.getMessage(), e);
        }
        synchronized (recent) {
            recent.put(cacheKey(tenant, e164), token);
        }
        return token;
    }

    /** Remembered tokens, for tests and metrics. */
    public int size() {
        synchronized (recent) {
            return recent.size();
        }
    }

    private static String cacheKey(String tenant, String e164) {
        return tenant + '\n' + e164;
    }
}
