package dev.sealedsms.crypto.sealing;

import dev.sealedsms.crypto.config.CryptoConfig;
import dev.sealedsms.envelope.DataKey;
import dev.sealedsms.envelope.Envelope;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;

/**
 * The current data key of each tenant, reused for a bounded number of messages and time so that
 * Vault is called per data key, not per message. The raw key bytes from Vault are zeroed as soon as
 * the AES key object is made.
 */
@ApplicationScoped
public class DataKeyCache {

    /** A data key in use: the AES key, Vault's wrapping of it, and how much it has been used. */
    public record Lease(SecretKey key, String keyName, int keyVersion, String wrapped) {
    }

    private record Current(Lease lease, Instant created, AtomicLong uses) {
    }

    private final TransitClient transit;
    private final long maxMessages;
    private final java.time.Duration maxAge;
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentHashMap<String, Current> byTenant = new ConcurrentHashMap<>();

    DataKeyCache(TransitClient transit, CryptoConfig config) {
        this.transit = transit;
        this.maxMessages = config.dataKeyMaxMessages();
        this.maxAge = config.dataKeyMaxAge();
    }

    /** A data key for sealing one message of {@code tenant}; fetches a new one from Vault when due. */
    public Lease lease(String tenant) {
        Current c = byTenant.get(tenant);
        if (c != null && usable(c) && c.uses().incrementAndGet() <= maxMessages) {
            return c.lease();
        }
        return byTenant.compute(tenant, (t, old) -> {
            if (old != null && old != c && usable(old) && old.uses().incrementAndGet() <= maxMessages) {
                return old; // another thread renewed it meanwhile
            }
            return fresh(t);
        }).lease();
    }

    private boolean usable(Current c) {
        return c.created().plus(maxAge).isAfter(clock.instant());
    }

    private Current fresh(String tenant) {
        DataKey dk = transit.newDataKey(TransitKeys.dataKey(tenant));
        SecretKey key = Envelope.key(dk.plaintext());
        dk.destroy();
        return new Current(new Lease(key, dk.keyName(), dk.keyVersion(), dk.wrapped()), clock.instant(),
                new AtomicLong(1));
    }
}
