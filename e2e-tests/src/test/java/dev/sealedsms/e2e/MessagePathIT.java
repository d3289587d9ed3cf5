package dev.sealedsms.e2e;

import static dev.sealedsms.e2e.ServiceConfig.randomHex;
import static dev.sealedsms.e2e.ServiceConfig.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealedsms.events.CloudEvents;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.Topics;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
import dev.sealedsms.simulator.smsc.Submission;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.TopicProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton, end to end, with every part real: the three services as processes from
 * their packaged jars, an in-JVM KRaft broker, an OpenBao dev server with the least-privilege
 * tokens from deploy/vault, and the carrier simulator as the SMPP peer.
 *
 * <p>One tampered envelope is prepared before dispatch-service first starts: the genuine record is
 * skipped by moving dispatch's committed offset past it, and a copy with one ciphertext byte
 * flipped is put after it. That message must never reach the carrier.
 */
class MessagePathIT {

    private static final int MESSAGES = 100;
    private static final String SENDER = "ACME";
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private static Smsc smsc;
    private static String bootstrap;
    private static String apiKey;
    private static HttpClient http;

    /** messageId → the number and body we sent. */
    private static final Map<String, Sent> sent = new HashMap<>();
    private static String tamperedId;
    private static Sent tamperedSent;

    record Sent(String to, String body) {
    }

    @BeforeAll
    static void startTheStackAndSend() throws Exception {
        Path root = repoRoot();
        Path work = root.resolve("e2e-tests/target/e2e");
        SealedInfrastructure infra = SealedInfrastructure.get();
        bootstrap = infra.kafka().bootstrapServers();
        String smppPassword = randomHex(4); // SMPP 3.4 passwords are at most 8 characters
        smsc = Smsc.start(new SmscConfig("127.0.0.1", 0, "sealed", smppPassword, Duration.ofMillis(200), null));
        apiKey = "e2e-" + randomHex(16);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        // DEBUG for our own code, so that the canary check covers every per-message log line.
        Map<String, String> kafka = Map.of("kafka.bootstrap.servers", bootstrap,
                "quarkus.log.category.\"dev.sealedsms\".level", "DEBUG");
        Map<String, String> policy = ServiceConfig.policy(infra, writePolicy(work));
        policy.putAll(kafka);
        Map<String, String> crypto = new HashMap<>(kafka);
        crypto.put("sealed.vault.address", infra.vault().address());
        crypto.put("sealed.vault.token", infra.tokens().crypto());
        Map<String, String> dispatch = new HashMap<>(kafka);
        dispatch.put("sealed.vault.address", infra.vault().address());
        dispatch.put("sealed.vault.token", infra.tokens().dispatch());
        dispatch.put("sealed.smpp.host", "127.0.0.1");
        dispatch.put("sealed.smpp.port", Integer.toString(smsc.port()));
        dispatch.put("sealed.smpp.system-id", "sealed");
        dispatch.put("sealed.smpp.password", smppPassword);

        services.put("policy", ServiceProcess.start(root, "policy-service", freePort(), policy, work));
        services.put("crypto", ServiceProcess.start(root, "crypto-service", freePort(), crypto, work));

        prepareTamperedEnvelope();

        services.put("dispatch", ServiceProcess.start(root, "dispatch-service", freePort(), dispatch, work));

        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            Sent s = new Sent(String.format("+4474001%05d", 100 + i), dev.sealedsms.testsupport.Canary.text("canary-body-"));
            requests.add(send(s).thenAccept(r -> {
                assertEquals(202, r.statusCode(), r.body());
                synchronized (sent) {
                    sent.put(json(r.body()).get("messageId").asText(), s);
                }
            }));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
    }

    @AfterAll
    static void stop() {
        services.values().forEach(ServiceProcess::close);
        if (smsc != null) {
            smsc.close();
        }
    }

    @Test
    void everyMessageIsDeliveredExactlyOnceToTheRightNumber() throws Exception {
        Map<String, List<Receipt>> receipts = awaitReceipts(
                r -> countTerminal(r, sent.keySet()) == MESSAGES);

        for (String id : sent.keySet()) {
            List<ReceiptStatus> statuses = receipts.get(id).stream().map(Receipt::status).toList();
            assertEquals(1, statuses.stream().filter(ReceiptStatus::terminal).count(), id + " " + statuses);
            assertTrue(statuses.contains(ReceiptStatus.DELIVERED), id + " " + statuses);
            assertTrue(statuses.contains(ReceiptStatus.ACCEPTED), id + " " + statuses);
            assertTrue(statuses.contains(ReceiptStatus.SUBMITTED), id + " " + statuses);
        }
        Map<String, String> bodyToNumber = new HashMap<>();
        sent.values().forEach(s -> bodyToNumber.put(s.body(), s.to().substring(1)));
        List<Submission> received = smsc.submissions().stream()
                .filter(s -> bodyToNumber.containsKey(s.body())).toList();
        assertEquals(MESSAGES, received.size(), "the carrier received each body once");
        for (Submission s : received) {
            assertEquals(bodyToNumber.get(s.body()), s.destinationAddr(), "body went to another number");
            assertEquals(SENDER, s.sourceAddr());
        }
    }

    @Test
    void aTamperedEnvelopeIsNeverSentAndEndsFailedWithADeadLetter() throws Exception {
        Map<String, List<Receipt>> receipts = awaitReceipts(
                r -> r.getOrDefault(tamperedId, List.of()).stream().anyMatch(x -> x.status().terminal()));

        List<Receipt> mine = receipts.get(tamperedId);
        Receipt terminal = mine.stream().filter(x -> x.status().terminal()).findFirst().orElseThrow();
        assertEquals(ReceiptStatus.FAILED, terminal.status());
        assertEquals("ENVELOPE_TAMPERED", terminal.reason());
        assertFalse(smsc.submissions().stream().anyMatch(s -> s.body().equals(tamperedSent.body())),
                "tampered message reached the carrier");

        ConsumerRecord<String, byte[]> dead = awaitRecord(Topics.dlq(Topics.SEALED), tamperedId);
        String reason = CloudEvents.header(dead.headers(), "dead-letter-reason");
        assertNotNull(reason, "dead letter carries its reason");
        assertTrue(reason.contains("ENVELOPE_TAMPERED"), reason);
    }

    @Test
    void aScheduledMessageIsHeldSealedAndSubmittedNoEarlierThanItsSendTime() throws Exception {
        Sent s = new Sent("+447400199001", dev.sealedsms.testsupport.Canary.text("canary-body-scheduled-"));
        Instant sendAt = Instant.now().plusSeconds(8).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String body = "{\"to\":\"" + s.to() + "\",\"from\":\"" + SENDER + "\",\"body\":\"" + s.body()
                + "\",\"sendAt\":\"" + sendAt + "\"}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + services.get("policy").httpPort() + "/v1/messages"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        assertEquals(sendAt.toString(), json(r.body()).get("sendAt").asText());
        String id = json(r.body()).get("messageId").asText();

        // held by dispatch, still sealed
        ConsumerRecord<String, byte[]> held = awaitRecord(Topics.DISPATCH_SCHEDULED, id);
        String heldJson = new String(held.value(), java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(heldJson.contains(s.body()) || heldJson.contains("447400199001"), "held records are sealed");

        Map<String, List<Receipt>> receipts = awaitReceipts(
                m -> m.getOrDefault(id, List.of()).stream().anyMatch(x -> x.status().terminal()));
        Receipt submitted = receipts.get(id).stream().filter(x -> x.status() == ReceiptStatus.SUBMITTED)
                .findFirst().orElseThrow();
        assertFalse(submitted.occurredAt().isBefore(sendAt), "submitted " + submitted.occurredAt() + " < " + sendAt);
        assertEquals(sendAt, receipts.get(id).get(0).notBefore(), "the ACCEPTED receipt says it is held");
        assertEquals(1, smsc.submissions().stream().filter(x -> x.body().equals(s.body())).count());
    }

    @Test
    void aRecipientThatIsNotE164IsRejectedWithAReasonAndAReceipt() throws Exception {
        HttpResponse<String> r = send(new Sent("07700900123", "canary-body-rejected")).join();

        assertEquals(422, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
        JsonNode problem = json(r.body());
        assertEquals("RECIPIENT_NOT_E164", problem.get("reason").asText());
        String id = problem.get("messageId").asText();
        Map<String, List<Receipt>> receipts = awaitReceipts(m -> m.containsKey(id));
        assertEquals(List.of(ReceiptStatus.REJECTED), receipts.get(id).stream().map(Receipt::status).toList());
    }

    @Test
    void noBodyOrNumberAppearsOnSealedOrReceiptsTopicsOrInAnyServiceLog() throws Exception {
        awaitReceipts(r -> countTerminal(r, sent.keySet()) == MESSAGES);
        List<String> canaries = new ArrayList<>();
        for (Sent s : sent.values()) {
            canaries.add(s.body());
            canaries.add(s.to().substring(1)); // the digits, with or without '+'
        }
        canaries.add(tamperedSent.body());
        canaries.add(tamperedSent.to().substring(1));

        for (String topic : List.of(Topics.SEALED, Topics.RECEIPTS, Topics.AUDIT, Topics.dlq(Topics.SEALED))) {
            for (ConsumerRecord<String, byte[]> rec : readAll(topic)) {
                StringBuilder text = new StringBuilder(new String(rec.value(), StandardCharsets.UTF_8));
                for (Header h : rec.headers()) {
                    text.append('\n').append(new String(h.value() == null ? new byte[0] : h.value(),
                            StandardCharsets.UTF_8));
                }
                for (String canary : canaries) {
                    assertFalse(text.toString().contains(canary), "canary found on " + topic);
                }
            }
        }
        for (ServiceProcess s : services.values()) {
            String log = Files.readString(s.log());
            assertFalse(log.isBlank(), "service wrote no log at all: " + s.log());
            for (String canary : canaries) {
                assertFalse(log.contains(canary), "canary found in " + s.log());
            }
        }
    }

    @Test
    void recordsCarryCloudEventsHeaders() throws Exception {
        String id = sent.keySet().iterator().next();
        awaitReceipts(r -> r.containsKey(id));
        ConsumerRecord<String, byte[]> rec = awaitRecord(Topics.RECEIPTS, id);

        assertEquals("1.0", CloudEvents.header(rec.headers(), CloudEvents.SPECVERSION));
        assertEquals(Receipt.TYPE, CloudEvents.header(rec.headers(), CloudEvents.TYPE));
        assertNotNull(CloudEvents.header(rec.headers(), CloudEvents.ID));
        assertNotNull(CloudEvents.header(rec.headers(), CloudEvents.SOURCE));
    }

    // --- the tampered envelope -------------------------------------------------------------

    private static void prepareTamperedEnvelope() throws Exception {
        tamperedSent = new Sent("+447400123999", dev.sealedsms.testsupport.Canary.text("canary-body-tamper-"));
        HttpResponse<String> r = send(tamperedSent).join();
        assertEquals(202, r.statusCode(), r.body());
        tamperedId = json(r.body()).get("messageId").asText();

        ConsumerRecord<String, byte[]> genuine = awaitRecord(Topics.SEALED, tamperedId);
        SealedMessage m = EventJson.read(genuine.value(), SealedMessage.class);
        byte[] ct = Base64.getDecoder().decode(m.ciphertext());
        ct[ct.length / 2] ^= 0x01;
        SealedMessage flipped = new SealedMessage(m.schemaVersion(), m.messageId(), m.tenant(), m.clientId(),
                m.senderId(), m.keyName(), m.keyVersion(), m.wrappedKey(), m.nonce(),
                Base64.getEncoder().encodeToString(ct), m.recipientToken(), m.country(), m.category(), m.segments(),
                m.encoding(), m.acceptedAt(), m.notAfter(), m.sealedAt());

        new TopicProbe(bootstrap).produce(Topics.SEALED, genuine.partition(), m.messageId(), EventJson.write(flipped),
                genuine.headers());
        // dispatch-service has never run: start its group just past the genuine record.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.alterConsumerGroupOffsets("dispatch-service", Map.of(
                    new TopicPartition(Topics.SEALED, genuine.partition()), new OffsetAndMetadata(genuine.offset() + 1)))
                    .all().get();
        }
    }

    // --- helpers ---------------------------------------------------------------------------

    private static CompletableFuture<HttpResponse<String>> send(Sent s) {
        String body = "{\"to\":\"" + s.to() + "\",\"from\":\"" + SENDER + "\",\"body\":\"" + s.body() + "\"}";
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + services.get("policy").httpPort()
                + "/v1/messages"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }

    private static long countTerminal(Map<String, List<Receipt>> receipts, java.util.Set<String> ids) {
        return ids.stream().filter(id -> receipts.getOrDefault(id, List.of()).stream()
                .anyMatch(r -> r.status().terminal())).count();
    }

    /** Reads sms.receipts from the start until {@code done} holds for what was read, or the deadline. */
    private static Map<String, List<Receipt>> awaitReceipts(Predicate<Map<String, List<Receipt>>> done)
            throws IOException {
        Map<String, List<Receipt>> byId = new HashMap<>();
        Instant deadline = Instant.now().plus(DEADLINE);
        try (KafkaConsumer<String, byte[]> consumer = new TopicProbe(bootstrap).fromBeginning(Topics.RECEIPTS)) {
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(250))) {
                    Receipt r = EventJson.read(rec.value(), Receipt.class);
                    byId.computeIfAbsent(r.messageId(), k -> new ArrayList<>()).add(r);
                }
                if (done.test(byId)) {
                    return byId;
                }
            }
        }
        throw new AssertionError("receipts incomplete after " + DEADLINE + "; logs:\n" + tails());
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return new TopicProbe(bootstrap, DEADLINE).readAll(topic);
    }

    private static ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
        return new TopicProbe(bootstrap, DEADLINE).await(topic, key);
    }

    private static String tails() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (ServiceProcess s : services.values()) {
            sb.append("--- ").append(s.log().getFileName()).append('\n').append(s.tail()).append('\n');
        }
        return sb.toString();
    }

    private static JsonNode json(String body) {
        try {
            return EventJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("response is not JSON", e);
        }
    }

    private static Path repoRoot() {
        String configured = System.getProperty("sealed.repo.root");
        return configured != null ? Path.of(configured) : Path.of("..").toAbsolutePath().normalize();
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The policy document policy-service reads: tenant acme (GB only) and sender client e2e. */
    private static Path writePolicy(Path work) throws Exception {
        Files.createDirectories(work);
        return Files.writeString(work.resolve("policy.yaml"), """
                schemaVersion: 1
                tenants:
                  acme:
                    countries: [GB]
                clients:
                  e2e:
                    tenant: acme
                    role: sender
                    apiKeySha256: [%s]
                    senders: ["%s"]
                """.formatted(sha256Hex(apiKey), SENDER));
    }
}
