package dev.sealedsms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.CloudEvents;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.TopicProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding end to end: a tenant's messages are sealed and waiting in Kafka, an operator
 * deletes the tenant's keys with the admin command (a sealed-admin token, never root), and then
 * dispatch-service runs. Every one of those messages must end FAILED with reason KEY_DESTROYED,
 * with a dead letter, and none may reach the carrier; another tenant's message, in the same
 * stream, is delivered as usual. Topics are this test's own.
 */
class CryptoShreddingIT {

    private static final String APPROVED = "shred.approved";
    private static final String SEALED = "shred.sealed";
    private static final String RECEIPTS = "shred.receipts";
    private static final int MESSAGES = 20;

    @Test
    void everySealedMessageOfAShreddedTenantEndsFailedKeyDestroyedAndNeverReachesTheCarrier() throws Exception {
        SealedInfrastructure infra = SealedInfrastructure.get();
        String bootstrap = infra.kafka().bootstrapServers();
        infra.kafka().createTopics(List.of(APPROVED, SEALED, RECEIPTS, APPROVED + ".dlq", SEALED + ".dlq"), 3);
        TopicProbe probe = new TopicProbe(bootstrap, Duration.ofSeconds(120));
        Path root = ServiceConfig.repoRoot();
        Path work = root.resolve("e2e-tests/target/e2e-shred");
        Files.createDirectories(work);
        String tenant = "shred-" + UUID.randomUUID().toString().substring(0, 8);
        Path adminToken = adminTokenFile(work, infra);

        assertEquals(0, keyAdmin(root, work, adminToken, infra.vault().address(), "create", tenant));

        Map<String, String> crypto = ServiceConfig.cryptoTopics(ServiceConfig.crypto(infra), "shred");

        Map<String, String> bodies = new LinkedHashMap<>(); // messageId -> body, of the shredded tenant
        String controlId;
        String controlBody = "canary-control-" + UUID.randomUUID();
        try (ServiceProcess c = ServiceProcess.start(root, "crypto-service", ServiceConfig.freePort(), crypto, work)) {
            for (int i = 0; i < MESSAGES; i++) {
                ApprovedMessage m = approved(tenant, String.format("+4474007%05d", i), "canary-shred-" + UUID.randomUUID());
                probe.produce(APPROVED, m.messageId(), EventJson.write(m));
                bodies.put(m.messageId(), m.body());
            }
            ApprovedMessage control = approved("acme", "+447400799999", controlBody);
            controlId = control.messageId();
            probe.produce(APPROVED, controlId, EventJson.write(control));
            for (String id : bodies.keySet()) {
                probe.await(SEALED, id);
            }
            probe.await(SEALED, controlId);
        }

        // The operator's command, with the sealed-admin token: deletion_allowed, then delete.
        assertEquals(0, keyAdmin(root, work, adminToken, infra.vault().address(), "shred", "--yes", tenant));

        String smppPassword = HexFormat.of().formatHex(random(4));
        try (Smsc smsc = Smsc.start(new SmscConfig("127.0.0.1", 0, "sealed", smppPassword, Duration.ofMillis(100), null))) {
            Map<String, String> dispatch = ServiceConfig.dispatchTopics(
                    ServiceConfig.dispatch(infra, smsc.port(), smppPassword), "shred");

            try (ServiceProcess d = ServiceProcess.start(root, "dispatch-service", ServiceConfig.freePort(), dispatch, work)) {
                Map<String, List<Receipt>> receipts = awaitTerminal(probe, bodies.keySet(), controlId);

                for (String id : bodies.keySet()) {
                    List<Receipt> mine = receipts.get(id);
                    List<Receipt> terminal = mine.stream().filter(r -> r.status().terminal()).toList();
                    assertEquals(1, terminal.size(), id + " " + mine);
                    assertEquals(ReceiptStatus.FAILED, terminal.get(0).status());
                    assertEquals("KEY_DESTROYED", terminal.get(0).reason());
                    assertFalse(mine.stream().anyMatch(r -> r.status() == ReceiptStatus.SUBMITTED), id + " submitted");
                }
                for (String body : bodies.values()) {
                    assertFalse(smsc.submissions().stream().anyMatch(s -> s.body().equals(body)),
                            "a shredded tenant's message reached the carrier");
                }
                assertTrue(receipts.get(controlId).stream().anyMatch(r -> r.status() == ReceiptStatus.DELIVERED),
                        "the other tenant's message is delivered: " + receipts.get(controlId));
                int deadLetters = 0;
                for (ConsumerRecord<String, byte[]> dead : probe.readAll(SEALED + ".dlq")) {
                    if (bodies.containsKey(dead.key())) {
                        deadLetters++;
                        assertTrue(CloudEvents.header(dead.headers(), "dead-letter-reason").contains("KEY_DESTROYED"));
                    }
                }
                assertEquals(MESSAGES, deadLetters, "each with a dead letter");
                for (String log : List.of("crypto-service.log", "dispatch-service.log")) {
                    String text = Files.readString(work.resolve(log));
                    for (String body : bodies.values()) {
                        assertFalse(text.contains(body), "body in " + log);
                    }
                    assertFalse(text.contains("447400700"), "number in " + log);
                }
            }
        }
    }

    private static Map<String, List<Receipt>> awaitTerminal(TopicProbe probe, java.util.Set<String> ids, String controlId)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        Map<String, List<Receipt>> byId = new HashMap<>();
        while (Instant.now().isBefore(deadline)) {
            byId.clear();
            for (ConsumerRecord<String, byte[]> r : probe.readAll(RECEIPTS)) {
                Receipt receipt = EventJson.read(r.value(), Receipt.class);
                byId.computeIfAbsent(receipt.messageId(), k -> new ArrayList<>()).add(receipt);
            }
            boolean done = ids.stream().allMatch(id -> byId.getOrDefault(id, List.of()).stream()
                    .anyMatch(x -> x.status().terminal()))
                    && byId.getOrDefault(controlId, List.of()).stream().anyMatch(x -> x.status().terminal());
            if (done) {
                return byId;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("terminal receipts incomplete within 120 s: " + byId.keySet().size() + " ids seen");
    }

    /** Runs the operators' key command from crypto-service's packaged classpath. */
    static int keyAdmin(Path root, Path work, Path tokenFile, String address, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", root.resolve("crypto-service/target/quarkus-app/lib/main").toString() + "/*",
                "dev.sealedsms.envelope.admin.KeyAdminCommand"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("key-admin.log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("BAO_") || k.startsWith("VAULT_") || k.startsWith("SEALED_"));
        pb.environment().put("SEALED_VAULT_ADDR", address);
        pb.environment().put("SEALED_VAULT_ADMIN_TOKEN_FILE", tokenFile.toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("key admin command timed out");
        }
        return p.exitValue();
    }

    /** A sealed-admin token (issued here with the root token: the stage, not the actor). */
    static Path adminTokenFile(Path work, SealedInfrastructure infra) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(infra.vault().address() + "/v1/auth/token/create"))
                .header("X-Vault-Token", infra.vault().rootToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"policies\":[\"sealed-admin\"],\"ttl\":\"1h\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        Matcher m = Pattern.compile("\"client_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        assertTrue(m.find());
        Path file = work.resolve("admin.token");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, m.group(1));
        return file;
    }

    static ApprovedMessage approved(String tenant, String number, String body) {
        Instant now = Instant.now();
        return new ApprovedMessage(1, UUID.randomUUID().toString(), tenant, "web", "ACME", number, body,
                Category.TRANSACTIONAL, "GB", 1, TextEncoding.GSM7, "p1", now, now.plusSeconds(3600));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
