package dev.sealedsms.crypto.sealing;

import dev.sealedsms.crypto.config.CryptoConfig;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    @Inject
    RecipientTokens(TransitClient transit, CryptoConfig config) {
        this(transit, config.recipientTokenCacheSize());
    }

    /** Outside CDI (benchmarks, tests). */
    public RecipientTokens(TransitClient transit, int capacity) {
        this.transit = transit;
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

    /**
     * Tokens for many numbers of one tenant, with one Transit {@code batch_input} request for all
     * those not remembered: for batch consumers and for warming the cache.
     */
    public List<String> tokens(String tenant, List<String> e164s) {
        String[] out = new String[e164s.size()];
        List<Integer> missing = new ArrayList<>();
        synchronized (recent) {
            for (int i = 0; i < out.length; i++) {
                out[i] = recent.get(tenant + '\n' + e164s.get(i));
                if (out[i] == null) {
                    missing.add(i);
                }
            }
        }
        if (!missing.isEmpty()) {
            List<String> fetched = transit.hmacBatch(TransitKeys.recipientKey(tenant),
                    missing.stream().map(e164s::get).toList());
            synchronized (recent) {
                for (int j = 0; j < missing.size(); j++) {
                    int i = missing.get(j);
                    out[i] = fetched.get(j);
                    recent.put(tenant + '\n' + e164s.get(i), out[i]);
                }
            }
        }
        return List.of(out);
    }
}
