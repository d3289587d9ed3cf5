package dev.sealedsms.envelope.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes auth cannot run here (it needs a cluster's TokenReview API), so this checks what we
 * send: a JDK HTTP server stands in for Vault's login endpoint and records the request. It proves
 * the path, the method, the role, and that the JWT is read from the configured file at each login;
 * it does not prove that a real Vault accepts a real service-account token.
 */
class KubernetesLoginTest {

    @Test
    void logsInAtTheMountsLoginPathWithTheRoleAndTheJwtFromTheFile() throws Exception {
        Path jwt = Files.createTempFile("sa-token", "");
        Files.writeString(jwt, "eyJhbGciOi.first-jwt.sig\n");
        AtomicReference<String> path = new AtomicReference<>();
        AtomicReference<String> method = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            path.set(exchange.getRequestURI().getPath());
            method.set(exchange.getRequestMethod());
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = """
                    {"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,
                     "warnings":null,"auth":{"client_token":"s.k8s-token","accessor":"a","policies":["default","sealed-crypto"],
                     "token_policies":["default","sealed-crypto"],"metadata":{"role":"sealed-crypto"},
                     "lease_duration":3600,"renewable":true,"entity_id":"e","token_type":"service","orphan":true}}
                    """.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        try (VaultSession session = new VaultSession("http://127.0.0.1:" + server.getAddress().getPort(),
                new VaultLogin.Kubernetes("kubernetes", "sealed-crypto", jwt), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMinutes(1))) {

            assertEquals("POST", method.get());
            assertEquals("/v1/auth/kubernetes/login", path.get());
            assertTrue(body.get().contains("\"role\":\"sealed-crypto\""), body.get());
            assertTrue(body.get().contains("\"jwt\":\"eyJhbGciOi.first-jwt.sig\""), body.get());
            assertNotNull(session.login(), () -> "login failed: " + session.lastLoginFailure());
            assertEquals("s.k8s-token", session.login().token());
            assertEquals(Duration.ofHours(1), session.login().ttl());

            // The kubelet rotates the projected token: the next login reads the file again.
            Files.writeString(jwt, "eyJhbGciOi.second-jwt.sig");
            session.reauthenticate();
            assertTrue(body.get().contains("second-jwt"), body.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCustomMountIsUsedInThePath() throws Exception {
        Path jwt = Files.createTempFile("sa-token", "");
        Files.writeString(jwt, "jwt");
        AtomicReference<String> path = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            path.set(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        server.start();
        try (VaultSession ignored = new VaultSession("http://127.0.0.1:" + server.getAddress().getPort(),
                new VaultLogin.Kubernetes("k8s-prod", "r", jwt), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofMinutes(1))) {
            assertEquals("/v1/auth/k8s-prod/login", path.get());
        } finally {
            server.stop(0);
        }
    }
}
