package dev.sealedsms.crypto.sealing;

import dev.sealedsms.crypto.config.CryptoConfig;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recipient pseudonyms: the Transit HMAC of the E.164 number under the tenant's HMAC key. Analysts
 * can count and join on a token, never read the number. Recent tokens are remembered (in this
 * service's memory only, where the plaintext already is) so repeat recipients cost no Vault call.
 */
@ApplicationScoped
public class RecipientTokens {

    private final TransitClient transit;
    private final Map<String, String> recent;

    RecipientTokens(TransitClient transit, CryptoConfig config) {
        this.transit = transit;
        int capacity = config.recipientTokenCacheSize();
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    public String token(String tenant, String e164) {
        String cacheKey = tenant + '\n' + e164;
        synchronized (recent) {
            String known = recent.get(cacheKey);
            if (known != null) {
                return known;
            }
        }
        String token = transit.hmac(TransitKeys.recipientKey(tenant), e164);
        synchronized (recent) {
            recent.put(cacheKey, token);
        }
        return token;
    }
}
