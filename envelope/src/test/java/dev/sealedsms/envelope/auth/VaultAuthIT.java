package dev.sealedsms.envelope.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.envelope.DataKey;
import dev.sealedsms.envelope.RootVault;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitKeys;
import dev.sealedsms.testsupport.SealedInfrastructure;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token and AppRole logins against a real OpenBao: AppRole is enabled here with the root token
 * (the stage), and the role issues tokens with the sealed-crypto policy only.
 */
class VaultAuthIT {

    private static final Duration OPEN = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(10);
    private static final String ROLE = "sealed-crypto-test";

    private static String roleId;
    private static Path secretIdFile;

    @BeforeAll
    static void enableAppRole() throws Exception {
        Vault root = RootVault.root();
        int status = root.logical().write("sys/auth/approle", Map.of("type", "approle")).getRestResponse().getStatus();
        assertTrue(status == 204 || status == 200 || status == 400, "enable approle: HTTP " + status); // 400: already on
        // Short TTLs so the test sees renewals, and a max TTL that forces a fresh login.
        assertEquals(204, root.logical().write("auth/approle/role/" + ROLE, Map.of("token_policies", "sealed-crypto",
                "token_ttl", "3s", "token_max_ttl", "7s")).getRestResponse().getStatus());
        roleId = root.logical().read("auth/approle/role/" + ROLE + "/role-id").getData().get("role_id");
        String secretId = root.logical().write("auth/approle/role/" + ROLE + "/secret-id", Map.of()).getData().get("secret_id");
        secretIdFile = Files.createTempFile("secret-id", ".txt");
        Files.writeString(secretIdFile, secretId);
    }

    @Test
    void aTokenLoginLooksUpItsLifetimeAndWorks() {
        SealedInfrastructure infra = SealedInfrastructure.get();
        try (VaultSession session = new VaultSession(infra.vault().address(),
                new VaultLogin.Token(infra.tokens().crypto()), OPEN, READ, Duration.ofSeconds(1))) {
            VaultLogin.Login login = session.login();

            assertNotNull(login);
            assertTrue(login.renewable(), "bootstrap issues periodic, renewable tokens");
            assertTrue(login.ttl().toHours() >= 1, login.toString());
            TransitClient c = new TransitClient(session, "transit", TransitClient.Resilience.defaults());
            assertEquals(1, c.newDataKey(TransitKeys.dataKey("acme")).plaintext().length / 32);
        }
    }

    @Test
    void anAppRoleSessionRenewsItsTokenAndLogsInAgainPastTheMaxTtlWithoutAFailedCall() throws Exception {
        try (VaultSession session = new VaultSession(SealedInfrastructure.get().vault().address(),
                new VaultLogin.AppRole("approle", roleId, secretIdFile), OPEN, READ, Duration.ofSeconds(1))) {
            TransitClient c = new TransitClient(session, "transit", TransitClient.Resilience.defaults());
            Set<String> tokens = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(16).toNanos();

            // Every call succeeds while tokens expire underneath: 3 s TTL, renewed at 2 s, 7 s max.
            while (System.nanoTime() < deadline) {
                DataKey dk = c.newDataKey(TransitKeys.dataKey("acme"));
                assertEquals(32, dk.plaintext().length);
                tokens.add(session.login().token());
                Thread.sleep(250);
            }

            assertTrue(tokens.size() >= 2, "logged in again after the max TTL: " + tokens.size() + " tokens");
        }
    }

    @Test
    void anAppRoleTokenHoldsOnlyTheCryptoPolicy() throws Exception {
        try (VaultSession session = new VaultSession(SealedInfrastructure.get().vault().address(),
                new VaultLogin.AppRole("approle", roleId, secretIdFile), OPEN, READ, Duration.ofSeconds(1))) {
            DataKey dk = new TransitClient(session, "transit", TransitClient.Resilience.defaults())
                    .newDataKey(TransitKeys.dataKey("acme"));
            int status;
            try {
                status = session.vault().logical().write("transit/decrypt/" + TransitKeys.dataKey("acme"),
                        Map.of("ciphertext", dk.wrapped())).getRestResponse().getStatus();
            } catch (VaultException e) {
                status = e.getHttpStatusCode();
            }
            assertEquals(403, status, "crypto may not decrypt data keys");
            assertNotEquals(null, session.login());
        }
    }
}
