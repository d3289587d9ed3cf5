package dev.sealedsms.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.envelope.admin.TenantKeyAdmin;
import dev.sealedsms.envelope.auth.VaultLogin;
import dev.sealedsms.envelope.auth.VaultSession;
import dev.sealedsms.testsupport.FreePorts;
import dev.sealedsms.testsupport.SealedInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Vault client and key administration against a real OpenBao, with least-privilege tokens. */
class TransitClientIT {

    private static final Duration OPEN = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(10);

    private final SealedInfrastructure infra = SealedInfrastructure.get();
    private final TenantKeyAdmin admin = new TenantKeyAdmin(RootVault.client(RootVault.adminToken()), "transit");

    private TransitClient crypto() {
        return new TransitClient(infra.vault().address(), infra.tokens().crypto(), "transit", OPEN, READ);
    }

    private TransitClient dispatch() {
        return new TransitClient(infra.vault().address(), infra.tokens().dispatch(), "transit", OPEN, READ);
    }

    private static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Issue 22, point 8: the driver built a new HttpClient (its own selector thread and TCP
     * connection) for every request unless given one; a session shares one, with keep-alive.
     */
    @Test
    void everyRequestOfAClientGoesThroughOneHttpClient() throws Exception {
        String tenant = newTenant();
        admin.createTenant(tenant);
        long before = httpClientThreads();
        try (TransitClient client = crypto()) {
            for (int i = 0; i < 100; i++) {
                client.hmac(TransitKeys.recipientKey(tenant), "+4474009" + String.format("%05d", i));
            }
            long during = httpClientThreads();
            assertTrue(during - before <= 1, "one HTTP client for 100 requests, but " + (during - before)
                    + " more HttpClient selector threads");
            assertEquals(100, client.requests());
        }
    }

    private static long httpClientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().matches("HttpClient-\\d+-SelectorManager")).count();
    }

    @Test
    void afterRotationNewDataKeysUseTheNewVersionAndOldOnesStillOpenUntilRetired() throws Exception {
        String tenant = newTenant();
        admin.createTenant(tenant);
        String key = TransitKeys.dataKey(tenant);
        DataKey v1 = crypto().newDataKey(key);
        assertEquals(1, v1.keyVersion());

        assertEquals(2, admin.rotate(tenant, false));
        DataKey v2 = crypto().newDataKey(key);

        assertEquals(2, v2.keyVersion());
        assertTrue(v2.wrapped().startsWith("vault:v2:"), "wrapped under v2");
        assertArrayEquals(v1.plaintext(), dispatch().decryptDataKey(key, v1.wrapped()), "v1 still opens");
        assertArrayEquals(v2.plaintext(), dispatch().decryptDataKey(key, v2.wrapped()));

        admin.retireBelow(tenant, 2);

        TransitException retired = assertThrows(TransitException.class, () -> dispatch().decryptDataKey(key, v1.wrapped()));
        assertEquals(TransitException.Kind.PERMANENT, retired.kind());
        assertArrayEquals(v2.plaintext(), dispatch().decryptDataKey(key, v2.wrapped()), "v2 unaffected");
        assertEquals(2, admin.info(key).minDecryptionVersion());
    }

    @Test
    void tenantKeysAreCreatedByTheAdminNotExportableAndOfTheRightTypes() throws Exception {
        String tenant = newTenant();
        assertEquals(TransitException.Kind.KEY_MISSING,
                assertThrows(TransitException.class, () -> crypto().newDataKey(TransitKeys.dataKey(tenant))).kind(),
                "upsert is off: first use creates nothing");

        admin.createTenant(tenant);
        admin.createTenant(tenant); // idempotent

        TenantKeyAdmin.KeyInfo dek = admin.info(TransitKeys.dataKey(tenant));
        TenantKeyAdmin.KeyInfo rcpt = admin.info(TransitKeys.recipientKey(tenant));
        assertEquals("aes256-gcm96", dek.type());
        assertEquals("hmac", rcpt.type());
        assertEquals(false, dek.exportable());
        assertEquals(false, rcpt.exportable());
        assertEquals(false, dek.deletionAllowed());
    }

    @Test
    void shreddingDeletesBothKeysSoNothingOpensAndNoTokenIsMade() throws Exception {
        String tenant = newTenant();
        admin.createTenant(tenant);
        DataKey dk = crypto().newDataKey(TransitKeys.dataKey(tenant));

        admin.shred(tenant);

        assertEquals(TransitException.Kind.KEY_MISSING, assertThrows(TransitException.class,
                () -> dispatch().decryptDataKey(TransitKeys.dataKey(tenant), dk.wrapped())).kind());
        assertEquals(TransitException.Kind.KEY_MISSING, assertThrows(TransitException.class,
                () -> crypto().hmac(TransitKeys.recipientKey(tenant), "+447400123456")).kind());
        assertEquals(false, admin.exists(TransitKeys.dataKey(tenant)));
        assertEquals(false, admin.exists(TransitKeys.recipientKey(tenant)));
    }

    @Test
    void servicesCannotRotateOrDeleteKeys() throws Exception {
        String tenant = newTenant();
        admin.createTenant(tenant);
        for (String serviceToken : List.of(infra.tokens().crypto(), infra.tokens().dispatch())) {
            TenantKeyAdmin asService = new TenantKeyAdmin(RootVault.client(serviceToken), "transit");
            assertEquals(403, assertThrows(io.github.jopenlibs.vault.VaultException.class,
                    () -> asService.rotate(tenant, false)).getHttpStatusCode());
            assertEquals(403, assertThrows(io.github.jopenlibs.vault.VaultException.class,
                    () -> asService.shred(tenant)).getHttpStatusCode());
        }
        assertEquals(1, admin.info(TransitKeys.dataKey(tenant)).latestVersion());
    }

    @Test
    void batchHmacGivesTheSameTokensAsSingleCallsInOneRequest() {
        TransitClient c = crypto();
        List<String> numbers = List.of("+447400000001", "+447400000002", "+447400000003");
        long before = c.requests();

        List<String> batch = c.hmacBatch(TransitKeys.recipientKey("acme"), numbers);

        assertEquals(1, c.requests() - before);
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(c.hmac(TransitKeys.recipientKey("acme"), numbers.get(i)), batch.get(i));
        }
    }

    @Test
    void aBatchLargerThanOneRequestTakesIsSplitAndKeepsItsOrder() {
        TransitClient c = crypto();
        List<String> numbers = java.util.stream.IntStream.range(0, 450)
                .mapToObj(i -> String.format("+4474001%05d", i)).toList();
        long before = c.requests();

        List<String> batch = c.hmacBatch(TransitKeys.recipientKey("acme"), numbers);

        assertEquals(3, c.requests() - before, "450 items in requests of at most " + TransitClient.BATCH_LIMIT);
        assertEquals(450, batch.size());
        assertEquals(c.hmac(TransitKeys.recipientKey("acme"), numbers.get(449)), batch.get(449));
    }

    @Test
    void anUnreachableVaultOpensTheBreakerSoLaterCallsFailFastWithoutARequest() {
        int port = FreePorts.next(); // nothing listens there
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofMinutes(1));
        TransitClient c = new TransitClient(
                new VaultSession("http://127.0.0.1:" + port, new VaultLogin.Token("unused"), OPEN, READ, Duration.ofMinutes(1)),
                "transit", new TransitClient.Resilience(3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), breaker));

        TransitException first = assertThrows(TransitException.class, () -> c.newDataKey("sms-dek-acme"));
        assertTrue(first.retryable());
        long made = c.requests();
        TransitException fast = assertThrows(TransitException.class, () -> c.newDataKey("sms-dek-acme"));

        assertTrue(fast.retryable());
        assertTrue(fast.getMessage().contains("circuit open"), fast.getMessage());
        assertEquals(made, c.requests(), "no request while open");
        assertEquals(CircuitBreaker.State.OPEN, c.circuit());
        c.close();
    }
}
