package dev.sealedsms.crypto.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.envelope.DataKeyMaterial;
import dev.sealedsms.envelope.Envelope;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.admin.TenantKeyAdmin;
import dev.sealedsms.testsupport.SealedInfrastructure;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.api.Auth;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Data-key reuse, retirement and zeroing, against a real OpenBao with the sealed-crypto token. */
class DataKeyCacheTest {

    private static final byte[] AAD = {1, 2, 3};

    private final SealedInfrastructure infra = SealedInfrastructure.get();
    private final TransitClient transit = new TransitClient(infra.vault().address(), infra.tokens().crypto(),
            "transit", Duration.ofSeconds(2), Duration.ofSeconds(10));

    @Test
    void reusesADataKeyForAtMostNMessagesThenFetchesANewOne() {
        DataKeyCache cache = new DataKeyCache(transit, 3, Duration.ofMinutes(10), Clock.systemUTC());
        Set<String> wrapped = new java.util.LinkedHashSet<>();

        for (int i = 0; i < 7; i++) {
            try (DataKeyCache.Lease lease = cache.lease("acme")) {
                wrapped.add(lease.wrapped());
            }
        }

        assertEquals(3, wrapped.size(), "7 messages at 3 per key");
        assertEquals(3, cache.dataKeysFetched());
    }

    @Test
    void aRetiredKeyIsZeroedOnlyAfterTheLastSealUsingItHasFinished() {
        DataKeyCache cache = new DataKeyCache(transit, 2, Duration.ofMinutes(10), Clock.systemUTC());
        DataKeyCache.Lease inFlight = cache.lease("acme");
        DataKeyMaterial key = inFlight.key();
        cache.lease("acme").close(); // the key's second and last message

        try (DataKeyCache.Lease next = cache.lease("acme")) { // retires the key: over its budget
            assertNotEquals(inFlight.wrapped(), next.wrapped());
        }
        assertFalse(key.isDestroyed(), "still in use by a concurrent seal");
        Envelope.seal(key, new byte[] {42}, AAD); // and usable

        inFlight.close();

        assertTrue(key.isDestroyed(), "zeroed once the last lease closed");
    }

    @Test
    void concurrentSealsNeverMeetAZeroedKeyAndEveryRetiredKeyEndsZeroed() throws Exception {
        DataKeyCache cache = new DataKeyCache(transit, 50, Duration.ofMinutes(10), Clock.systemUTC());
        Set<DataKeyMaterial> seen = Collections.newSetFromMap(new ConcurrentHashMap<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        try (DataKeyCache.Lease lease = cache.lease("acme")) {
                            seen.add(lease.key());
                            Envelope.seal(lease.key(), new byte[64], AAD); // throws if the key was zeroed
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        cache.retireAll();

        assertEquals(4000 / 50, cache.dataKeysFetched(), "4000 messages at 50 per key, no key fetched twice");
        assertEquals(cache.dataKeysFetched(), seen.size());
        assertTrue(seen.stream().allMatch(DataKeyMaterial::isDestroyed), "every retired key zeroed");
    }

    @Test
    void aKeyPastItsMaximumAgeIsReplaced() throws Exception {
        DataKeyCache cache = new DataKeyCache(transit, 1_000_000, Duration.ofMillis(300), Clock.systemUTC());
        String first;
        try (DataKeyCache.Lease lease = cache.lease("acme")) {
            first = lease.wrapped();
        }
        Thread.sleep(400);
        try (DataKeyCache.Lease lease = cache.lease("acme")) {
            assertNotEquals(first, lease.wrapped());
        }
    }

    @Test
    void afterRotationNewDataKeysUseTheNewKeyVersion() throws Exception {
        String tenant = "rot-" + UUID.randomUUID().toString().substring(0, 8);
        TenantKeyAdmin admin = new TenantKeyAdmin(adminVault(), "transit");
        admin.createTenant(tenant);
        DataKeyCache cache = new DataKeyCache(transit, 100_000, Duration.ofMinutes(10), Clock.systemUTC());
        try (DataKeyCache.Lease lease = cache.lease(tenant)) {
            assertEquals(1, lease.keyVersion());
        }

        admin.rotate(tenant, false);
        cache.retireAll(); // as data-key-max-age would, later

        try (DataKeyCache.Lease lease = cache.lease(tenant)) {
            assertEquals(2, lease.keyVersion());
            assertTrue(lease.wrapped().startsWith("vault:v2:"));
        }
    }

    @Test
    void vaultRequestsPer10000MessagesAreNearZeroAtSteadyState() {
        DataKeyCache keys = new DataKeyCache(transit, 100_000, Duration.ofMinutes(10), Clock.systemUTC());
        RecipientTokens tokens = new RecipientTokens(transit, 100_000);
        Sealer sealer = new Sealer(keys, tokens);
        long before = transit.requests();

        for (int i = 0; i < 10_000; i++) {
            // 100 distinct recipients, as repeat customers of one tenant
            sealer.seal(SealerFixtures.approved("acme", String.format("+4474009%05d", i % 100), "body " + i));
        }

        long requests = transit.requests() - before;
        assertEquals(101, requests, "1 data key + 100 recipient tokens for 10,000 messages");
    }

    private static Vault adminVault() throws Exception {
        SealedInfrastructure infra = SealedInfrastructure.get();
        Vault root = Vault.create(new VaultConfig().address(infra.vault().address()).token(infra.vault().rootToken())
                .engineVersion(1).build(), 1);
        String admin = root.auth().createToken(new Auth.TokenRequest().polices(List.of("sealed-admin")).ttl("1h"))
                .getAuthClientToken();
        return Vault.create(new VaultConfig().address(infra.vault().address()).token(admin).engineVersion(1).build(), 1);
    }
}
