package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OpenBaoDevServerIT {

    @Test
    void bootstrapGivesEachServiceOnlyItsOwnTransitRights() throws Exception {
        try (OpenBaoDevServer bao = OpenBaoDevServer.start()) {
            // given
            ServiceTokens tokens = bao.bootstrap("acme", "globex");
            assertNotEquals(tokens.crypto(), tokens.dispatch());

            // when crypto-service asks for a data key
            VaultHttp.Answer dataKey = VaultHttp.post(bao.address(), tokens.crypto(),
                    "transit/datakey/plaintext/sms-dek-acme", "{}");

            // then it gets one, but may not unwrap it again
            assertEquals(200, dataKey.status(), dataKey.body());
            String wrapped = dataKey.field("ciphertext");
            String plaintext = dataKey.field("plaintext");
            assertTrue(wrapped.startsWith("vault:v1:"), wrapped);
            VaultHttp.Answer cryptoDecrypt = VaultHttp.post(bao.address(), tokens.crypto(),
                    "transit/decrypt/sms-dek-acme", "{\"ciphertext\":\"" + wrapped + "\"}");
            assertEquals(403, cryptoDecrypt.status(), cryptoDecrypt.body());

            // and dispatch-service can unwrap it, but may not create data keys
            VaultHttp.Answer dispatchDecrypt = VaultHttp.post(bao.address(), tokens.dispatch(),
                    "transit/decrypt/sms-dek-acme", "{\"ciphertext\":\"" + wrapped + "\"}");
            assertEquals(200, dispatchDecrypt.status(), dispatchDecrypt.body());
            assertEquals(plaintext, dispatchDecrypt.field("plaintext"));
            VaultHttp.Answer dispatchDataKey = VaultHttp.post(bao.address(), tokens.dispatch(),
                    "transit/datakey/plaintext/sms-dek-acme", "{}");
            assertEquals(403, dispatchDataKey.status(), dispatchDataKey.body());
        }
    }

    @Test
    void upsertIsOffSoUnknownTenantKeysAreNeverCreated() throws Exception {
        try (OpenBaoDevServer bao = OpenBaoDevServer.start()) {
            ServiceTokens tokens = bao.bootstrap("acme");

            VaultHttp.Answer unknown = VaultHttp.post(bao.address(), tokens.crypto(),
                    "transit/datakey/plaintext/sms-dek-nobody", "{}");

            assertFalse(unknown.status() >= 200 && unknown.status() < 300, "datakey on an unknown key answered "
                    + unknown.status() + ": " + unknown.body());
            assertEquals(404, VaultHttp.get(bao.address(), bao.rootToken(), "transit/keys/sms-dek-nobody").status(),
                    "sms-dek-nobody must not exist after the failed call");
            assertEquals(200, VaultHttp.get(bao.address(), bao.rootToken(), "transit/keys/sms-dek-acme").status());
        }
    }

    @Test
    void closeEndsTheProcessAndFreesThePort() throws Exception {
        OpenBaoDevServer bao = OpenBaoDevServer.start();
        long pid = bao.pid();
        int port = bao.port();
        assertTrue(FreePorts.accepts("127.0.0.1", port, 1000), "bao should listen on " + port);

        bao.close();

        assertFalse(bao.isRunning());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "bao pid " + pid + " is still alive");
        assertFalse(FreePorts.accepts("127.0.0.1", port, 1000), "port " + port + " still accepts connections");
        bao.close(); // idempotent
    }

    @Test
    void serverDiesWhenItsJvmIsKilledWithoutShutdownHooks() throws Exception {
        // given a separate JVM that started a bao server
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), OpenBaoHolder.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long baoPid;
        int port;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith(OpenBaoHolder.READY), "holder JVM said: " + line);
            String[] parts = line.split(" ");
            baoPid = Long.parseLong(parts[1]);
            port = Integer.parseInt(parts[2]);
        }
        assertTrue(ProcessHandle.of(baoPid).map(ProcessHandle::isAlive).orElse(false));

        // when that JVM is killed -9
        jvm.destroyForcibly();
        jvm.waitFor();

        // then the watchdog ends bao within a few seconds
        Optional<ProcessHandle> bao = ProcessHandle.of(baoPid);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (bao.map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        boolean alive = bao.map(ProcessHandle::isAlive).orElse(false);
        if (alive) {
            // Do not leak it from a failed test.
            bao.get().destroyForcibly();
        }
        assertFalse(alive, "bao pid " + baoPid + " outlived its JVM");
        assertFalse(FreePorts.accepts("127.0.0.1", port, 1000), "port " + port + " still accepts connections");
    }
}
