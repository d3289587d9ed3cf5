package dev.sealedsms.crypto.sealing;

import dev.sealedsms.crypto.config.CryptoConfig;
import dev.sealedsms.envelope.DataKey;
import dev.sealedsms.envelope.DataKeyMaterial;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current data key of each tenant, reused for at most {@code maxMessages} messages and
 * {@code maxAge} so that Vault is called per data key, not per message (see DESIGN.md for the
 * limits). Vault's plaintext key bytes are copied into a {@link DataKeyMaterial} and zeroed at once.
 *
 * <p>Retiring a key zeroes it, but a concurrent seal may still be using it. Keys are therefore
 * reference counted: the cache holds one reference while the key is current, every {@link Lease}
 * holds one until it is closed, and the bytes are zeroed when the count reaches zero — after the
 * last seal under the key has finished, never during one.
 */
@ApplicationScoped
public class DataKeyCache {

    /**
     * One use of a data key, for one message. Close it when the message is sealed (try-with-resources);
     * {@link #key()} must not be used afterwards.
     */
    public static final class Lease implements AutoCloseable {
        private final Handle handle;
        private boolean closed;

        private Lease(Handle handle) {
            this.handle = handle;
        }

        public DataKeyMaterial key() {
            return handle.key;
        }

        public String keyName() {
            return handle.keyName;
        }

        public int keyVersion() {
            return handle.keyVersion;
        }

        public String wrapped() {
            return handle.wrapped;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                handle.release();
            }
        }
    }

    /** A data key and its reference count; the count starts at 1, the cache's own reference. */
    static final class Handle {
        final DataKeyMaterial key;
        final String keyName;
        final int keyVersion;
        final String wrapped;
        final Instant created;
        final AtomicLong uses = new AtomicLong();
        final AtomicInteger refs = new AtomicInteger(1);

        Handle(DataKeyMaterial key, String keyName, int keyVersion, String wrapped, Instant created) {
            this.key = key;
            this.keyName = keyName;
            this.keyVersion = keyVersion;
            this.wrapped = wrapped;
            this.created = created;
        }

        /** Takes a reference unless the key is already released for good (count 0). */
        boolean acquire() {
            for (;;) {
                int r = refs.get();
                if (r == 0) {
                    return false;
                }
                if (refs.compareAndSet(r, r + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                key.destroy();
            }
        }
    }

    private final TransitClient transit;
    private final long maxMessages;
    private final Duration maxAge;
    private final Clock clock;
    private final ConcurrentHashMap<String, Handle> byTenant = new ConcurrentHashMap<>();
    private final AtomicLong dataKeysFetched = new AtomicLong();

    @Inject
    DataKeyCache(TransitClient transit, CryptoConfig config) {
        this(transit, config.dataKeyMaxMessages(), config.dataKeyMaxAge(), Clock.systemUTC());
    }

    /** Outside CDI (benchmarks, tests). */
    public DataKeyCache(TransitClient transit, long maxMessages, Duration maxAge, Clock clock) {
        this.transit = transit;
        this.maxMessages = maxMessages;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * A data key for sealing one message of {@code tenant}; fetches a new one from Vault when the
     * current one has sealed its {@code maxMessages} or reached {@code maxAge}.
     */
    public Lease lease(String tenant) {
        for (;;) {
            Handle h = byTenant.get(tenant);
            if (h == null || !fresh(h)) {
                h = byTenant.compute(tenant, (t, old) -> {
                    if (old != null && fresh(old)) {
                        return old; // another thread renewed it meanwhile
                    }
                    Handle replacement = fetch(t);
                    if (old != null) {
                        old.release(); // the cache's reference; zeroed when the last lease closes
                    }
                    return replacement;
                });
            }
            if (!h.acquire()) {
                continue; // retired and zeroed between our read and now: take the new one
            }
            if (h.uses.incrementAndGet() <= maxMessages) {
                return new Lease(h);
            }
            // Over its message budget: give the reference back and retire it (once).
            h.release();
            Handle spent = h;
            if (byTenant.remove(tenant, spent)) {
                spent.release();
            }
        }
    }

    /** Data keys fetched from Vault since start (each one Vault request). */
    public long dataKeysFetched() {
        return dataKeysFetched.get();
    }

    /** Drops every tenant's current key (zeroed once in-flight seals finish); the next seal fetches anew. */
    public void retireAll() {
        byTenant.forEach((tenant, h) -> {
            if (byTenant.remove(tenant, h)) {
                h.release();
            }
        });
    }

    private boolean fresh(Handle h) {
        return h.created.plus(maxAge).isAfter(clock.instant()) && h.uses.get() < maxMessages;
    }

    private Handle fetch(String tenant) {
        DataKey dk = transit.newDataKey(TransitKeys.dataKey(tenant));
        try {
            dataKeysFetched.incrementAndGet();
            return new Handle(new DataKeyMaterial(dk.plaintext()), dk.keyName(), dk.keyVersion(), dk.wrapped(),
                    clock.instant());
        } finally {
            dk.destroy();
        }
    }
}
