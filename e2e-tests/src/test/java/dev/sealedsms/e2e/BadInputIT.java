package dev.sealedsms.e2e;

import static dev.sealedsms.e2e.ServiceConfig.randomHex;
import static dev.sealedsms.e2e.ServiceConfig.sha256Hex;
import static dev.sealedsms.e2e.BadInputCorpus.BODY;
import static dev.sealedsms.e2e.BadInputCorpus.NUMBER;
import static dev.sealedsms.e2e.BadInputCorpus.NUMBER_DIGITS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealedsms.e2e.BadInputCorpus.ApiCase;
import dev.sealedsms.e2e.BadInputTopicCorpus.Stage;
import dev.sealedsms.e2e.BadInputTopicCorpus.TopicCase;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fault suite, bad input: a corpus of malformed, oversize, hostile and forged inputs sent to the
 * HTTP API ({@link BadInputCorpus}) and written straight onto each consumed topic
 * ({@link BadInputTopicCorpus}). Each gets its clear answer — a 4xx problem with its reason code —
 * or its dead letter with a {@code dead-letter-reason} (and a receipt where the message id is known);
 * none is echoed (canary body and number) in a problem, a dead-letter header or a log line. Then
 * every service is still alive and ready, and a good message still ends DELIVERED.
 *
 * <p>The services run on topics and consumer groups of their own ({@value #PREFIX}.*), so no other
 * IT's records meet these.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

    static final String PREFIX = "badinput";
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private static final Map<Stage, String> TOPIC = Map.of(Stage.REQUESTS, PREFIX + ".requests", Stage.APPROVED,
            PREFIX + ".approved", Stage.SEALED, PREFIX + ".sealed");
    private static final String RECEIPTS = PREFIX + ".receipts";
    private static final String AUDIT = PREFIX + ".audit";

    private static Smsc smsc;
    private static String bootstrap;
    private static String apiKey;
    private static String auditorKey;
    private static String carefulKey;
    private static HttpClient http;
    private static SealedMessage genuine;
    private static String genuineId;
    /** Problem bodies and dead-letter headers seen, for the canary check at the end. */
    private static final List<String> echoes = new ArrayList<>();

    @BeforeAll
    static void startTheStack() throws Exception {
        Path root = ServiceConfig.repoRoot();
        Path work = root.resolve("e2e-tests/target/e2e-badinput");
        SealedInfrastructure infra = SealedInfrastructure.get();
        bootstrap = infra.kafka().bootstrapServers();
        String smppPassword = randomHex(4);
        smsc = Smsc.start(new SmscConfig("127.0.0.1", 0, "sealed", smppPassword, Duration.ofMillis(200), null));
        apiKey = "bad-" + randomHex(16);
        auditorKey = "aud-" + randomHex(16);
        carefulKey = "care-" + randomHex(16);
        // HTTP/1.1, as a load balancer speaks to the service: over cleartext HTTP/2 (h2c upgrade) the JDK
        // client refuses Vert.x's 413 answer (it carries a 'connection' header), see README.
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .build();

        Map<String, String> policy = ServiceConfig.policy(infra, writePolicy(work));
        policy.put("quarkus.log.category.\"dev.sealedsms\".level", "DEBUG");
        // Its private topics, as the chart's topic job would create them.
        policy.put("sealed.callbacks.create-topics", "true");
        policy.put("sealed.limits.create-share-topic", "true");
        policy.put("mp.messaging.incoming.requests-in.topic", TOPIC.get(Stage.REQUESTS));
        policy.put("mp.messaging.incoming.requests-in.group.id", "policy-" + PREFIX + "-it");
        policy.put("mp.messaging.incoming.requests-in.dead-letter-queue.topic", dlq(Stage.REQUESTS));
        policy.put("mp.messaging.outgoing.approved-out.topic", TOPIC.get(Stage.APPROVED));
        policy.put("mp.messaging.outgoing.receipts-out.topic", RECEIPTS);
        policy.put("mp.messaging.outgoing.audit-out.topic", AUDIT);
        Map<String, String> crypto = ServiceConfig.cryptoTopics(ServiceConfig.crypto(infra), PREFIX);
        crypto.put("quarkus.log.category.\"dev.sealedsms\".level", "DEBUG");
        Map<String, String> dispatch = ServiceConfig.dispatchTopics(
                ServiceConfig.dispatch(infra, smsc.port(), smppPassword), PREFIX);
        dispatch.put("quarkus.log.category.\"dev.sealedsms\".level", "DEBUG");

        services.put("policy", ServiceProcess.start(root, "policy-service", ServiceConfig.freePort(), policy, work));
        services.put("crypto", ServiceProcess.start(root, "crypto-service", ServiceConfig.freePort(), crypto, work));
        services.put("dispatch", ServiceProcess.start(root, "dispatch-service", ServiceConfig.freePort(), dispatch,
                work));

        // One good message first: its sealed record is the template of the forged envelopes.
        genuineId = sendGood("canary-body-genuine-7f3a9c");
        genuine = EventJson.read(new TopicProbe(bootstrap, DEADLINE).await(TOPIC.get(Stage.SEALED), genuineId).value(),
                SealedMessage.class);
        awaitReceipts(r -> terminal(r, genuineId) != null);
    }

    @AfterAll
    static void stop() {
        services.values().forEach(ServiceProcess::close);
        if (smsc != null) {
            smsc.close();
        }
    }

    @Test
    @Order(1)
    void everyBadRequestGetsItsProblemWithAReasonAndNoEcho() throws Exception {
        List<ApiCase> corpus = BadInputCorpus.api(apiKey);
        List<String> wrong = new ArrayList<>();
        for (ApiCase c : corpus) {
            String verdict;
            try {
                verdict = check(c, call(c));
            } catch (IOException e) {
                verdict = "no answer: " + e;
            }
            if (verdict != null) {
                wrong.add(c + ": " + verdict);
            }
        }
        System.out.printf("bad input, API: %d cases, %d as expected%n", corpus.size(), corpus.size() - wrong.size());
        assertTrue(corpus.size() >= 300, "at least 300 API cases");
        assertTrue(wrong.isEmpty(), wrong.size() + " API cases answered otherwise:\n" + String.join("\n", wrong));
    }

    @Test
    @Order(2)
    void everyBadRecordGetsItsDeadLetterOrReceiptWithAReasonAndNoEcho() throws Exception {
        List<TopicCase> corpus = BadInputTopicCorpus.all(genuine);
        TopicProbe probe = new TopicProbe(bootstrap);
        for (TopicCase c : corpus) {
            probe.produce(TOPIC.get(c.stage()), null, c.key(), c.value(), c.headers());
        }
        Map<String, ConsumerRecord<String, byte[]>> deadByKey = new HashMap<>();
        Map<String, List<Receipt>> receipts = new HashMap<>();
        Predicate<TopicCase> done = c -> (c.dlqReason() == null || deadByKey.containsKey(c.key()))
                && (c.messageId() == null || terminal(receipts, c.messageId()) != null);
        Instant deadline = Instant.now().plus(DEADLINE);
        List<KafkaConsumer<String, byte[]>> consumers = new ArrayList<>();
        try {
            for (Stage s : Stage.values()) {
                consumers.add(probe.fromBeginning(dlq(s)));
            }
            KafkaConsumer<String, byte[]> receiptConsumer = probe.fromBeginning(RECEIPTS);
            while (Instant.now().isBefore(deadline) && !corpus.stream().allMatch(done)) {
                for (KafkaConsumer<String, byte[]> consumer : consumers) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> deadByKey.put(r.key(), r));
                }
                for (ConsumerRecord<String, byte[]> r : receiptConsumer.poll(Duration.ofMillis(100))) {
                    Receipt receipt = EventJson.read(r.value(), Receipt.class);
                    receipts.computeIfAbsent(receipt.messageId(), k -> new ArrayList<>()).add(receipt);
                }
            }
            receiptConsumer.close();
        } finally {
            consumers.forEach(KafkaConsumer::close);
        }

        List<String> wrong = new ArrayList<>();
        for (TopicCase c : corpus) {
            ConsumerRecord<String, byte[]> dead = deadByKey.get(c.key());
            if (dead != null) {
                StringBuilder headers = new StringBuilder();
                for (Header h : dead.headers()) {
                    if (h.key().startsWith("dead-letter")) {
                        headers.append(h.key()).append('=').append(h.value() == null ? ""
                                : new String(h.value(), StandardCharsets.UTF_8)).append('\n');
                    }
                }
                synchronized (echoes) {
                    echoes.add(c + " dead-letter headers:\n" + headers);
                }
                if (c.category().equals("headers")) {
                    System.out.println("bad input, " + c + ": dead-letter headers in order:\n" + headers);
                }
            }
            if (c.dlqReason() == null) {
                if (dead != null) {
                    wrong.add(c + ": unexpected dead letter (" + reason(dead) + ")");
                }
            } else if (dead == null) {
                wrong.add(c + ": no dead letter");
            } else {
                String reason = reason(dead);
                if (reason == null || reason.isBlank()) {
                    wrong.add(c + ": dead letter without a reason");
                } else if (!reason.contains(c.dlqReason())) {
                    wrong.add(c + ": reason '" + reason + "', expected it to name '" + c.dlqReason() + "'");
                }
            }
            if (c.messageId() != null) {
                Receipt t = terminal(receipts, c.messageId());
                if (t == null) {
                    wrong.add(c + ": no terminal receipt for " + c.messageId() + " (" + receipts.get(c.messageId())
                            + ")");
                } else if (!t.status().name().equals(c.receipt())
                        || (c.receiptReason() != null && !c.receiptReason().equals(t.reason()))) {
                    wrong.add(c + ": receipt " + t.status() + " " + t.reason() + ", expected " + c.receipt() + " "
                            + c.receiptReason());
                }
            }
        }
        System.out.printf("bad input, topics: %d cases (%s), %d as expected%n", corpus.size(),
                java.util.Arrays.stream(Stage.values()).map(s -> s + " " + corpus.stream()
                        .filter(c -> c.stage() == s).count()).toList(), corpus.size() - wrong.size());
        assertTrue(corpus.size() >= 120, "at least 120 topic cases");
        assertTrue(wrong.isEmpty(), wrong.size() + " topic cases ended otherwise:\n" + String.join("\n", wrong)
                + "\nlogs:\n" + tails());
    }

    @Test
    @Order(3)
    void afterTheCorpusEveryServiceIsReadyAndAGoodMessageIsDeliveredOnce() throws Exception {
        for (Map.Entry<String, ServiceProcess> s : services.entrySet()) {
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + s.getValue().httpPort() + "/q/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), s.getKey() + " not ready: " + ready.body());
        }
        String body = "canary-body-after-7f3a9c";
        String id = sendGood(body);
        Map<String, List<Receipt>> receipts = awaitReceipts(r -> terminal(r, id) != null);
        assertEquals(ReceiptStatus.DELIVERED, terminal(receipts, id).status(), receipts.get(id).toString());
        assertEquals(1, smsc.submissions().stream().filter(s -> s.body().equals(body)).count());
        assertEquals(1, smsc.submissions().stream().filter(s -> s.body().equals("canary-body-genuine-7f3a9c"))
                .count(), "the genuine envelope was sent once, whatever was forged from it");
    }

    @Test
    @Order(4)
    void noCanaryInAnyProblemDeadLetterReasonReceiptAuditOrLog() throws Exception {
        List<String> canaries = List.of(BODY, NUMBER_DIGITS, "canary-body-genuine", "canary-body-after");
        synchronized (echoes) {
            for (String e : echoes) {
                for (String canary : canaries) {
                    assertFalse(e.contains(canary), "canary '" + canary + "' echoed: " + e);
                }
            }
        }
        // The sealed topic's dead letters keep ids and reasons only, however plain the record was (issue 22, point 7).
        for (String topic : List.of(RECEIPTS, AUDIT, TOPIC.get(Stage.SEALED), dlq(Stage.SEALED))) {
            for (ConsumerRecord<String, byte[]> rec : new TopicProbe(bootstrap, DEADLINE).readAll(topic)) {
                String text = new String(rec.value() == null ? new byte[0] : rec.value(), StandardCharsets.UTF_8);
                if (topic.equals(TOPIC.get(Stage.SEALED)) && rec.key() != null && rec.key().startsWith("bad-")) {
                    continue; // our own forged records
                }
                for (String canary : canaries) {
                    assertFalse(text.contains(canary), "canary '" + canary + "' on " + topic + ": " + text);
                }
            }
        }
        for (ServiceProcess s : services.values()) {
            String log = Files.readString(s.log());
            assertFalse(log.isBlank(), "service wrote no log at all: " + s.log());
            for (String canary : canaries) {
                int at = log.indexOf(canary);
                assertTrue(at < 0, "canary '" + canary + "' in " + s.log() + ": "
                        + (at < 0 ? "" : log.substring(Math.max(0, at - 300), Math.min(log.length(), at + 100))));
            }
        }
    }

    // --- the API ---------------------------------------------------------------------------------

    private static HttpResponse<String> call(ApiCase c) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + services.get("policy")
                .httpPort() + c.path())).timeout(Duration.ofSeconds(60));
        switch (c.auth()) {
            case SENDER -> b.header("Authorization", "Bearer " + apiKey);
            case AUDITOR -> b.header("Authorization", "Bearer " + auditorKey);
            case CAREFUL -> b.header("Authorization", "Bearer " + carefulKey);
            case RAW -> b.header("Authorization", c.authorization());
            case NONE -> { }
        }
        c.headers().forEach(b::header);
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        b.method(c.method(), body);
        // The HTTP layer closes the connection after refusing oversize headers: such a case gets a client of its own.
        boolean closes = c.authorization() != null && c.authorization().length() > 16_000;
        HttpClient client = closes ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build() : http;
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Null when the answer is the expected one, else what is wrong with it. */
    private static String check(ApiCase c, HttpResponse<String> r) {
        String body = r.body();
        synchronized (echoes) {
            echoes.add(c + " answered " + r.statusCode() + ": " + body);
        }
        if (r.statusCode() != c.status()) {
            return "status " + r.statusCode() + ", expected " + c.status() + ": " + abbreviate(body);
        }
        if (c.reason() != null) {
            String type = r.headers().firstValue("content-type").orElse("");
            if (!type.startsWith("application/problem+json")) {
                return "content type '" + type + "', expected application/problem+json: " + abbreviate(body);
            }
            JsonNode problem = parse(body);
            if (problem == null || !c.reason().equals(problem.path("reason").asText())) {
                return "reason " + (problem == null ? "<not JSON>" : problem.path("reason").asText()) + ", expected "
                        + c.reason() + ": " + abbreviate(body);
            }
        }
        if (c.items() != null) {
            JsonNode results = parse(body).path("results");
            List<String> got = new ArrayList<>();
            results.forEach(i -> got.add(i.path("status").asInt() + (i.hasNonNull("reason")
                    ? ":" + i.path("reason").asText() : "")));
            List<String> expected = new ArrayList<>();
            for (String e : c.items()) {
                if (e.startsWith("*")) {
                    int n = Integer.parseInt(e.substring(1, e.indexOf(':')));
                    expected.addAll(java.util.Collections.nCopies(n, e.substring(e.indexOf(':') + 1)));
                } else {
                    expected.add(e);
                }
            }
            if (!expected.equals(got)) {
                return "items " + abbreviate(got.toString()) + ", expected " + abbreviate(expected.toString());
            }
        }
        return null;
    }

    private static String sendGood(String body) throws Exception {
        String json = "{\"to\":\"" + NUMBER + "\",\"from\":\"ACME\",\"body\":\"" + body + "\"}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + services.get("policy").httpPort() + "/v1/messages"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        return parse(r.body()).get("messageId").asText();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static String dlq(Stage s) {
        return TOPIC.get(s) + ".dlq";
    }

    /**
     * The reason the consumer gave. A source record may carry a forged {@code dead-letter-reason} of its
     * own, which the dead letter keeps; the connector's is the first one (see README).
     */
    private static String reason(ConsumerRecord<String, byte[]> dead) {
        Header first = dead.headers().headers("dead-letter-reason").iterator().hasNext()
                ? dead.headers().headers("dead-letter-reason").iterator().next() : null;
        return first == null || first.value() == null ? null : new String(first.value(), StandardCharsets.UTF_8);
    }

    /** The terminal receipt of {@code id}, or its REJECTED one; null while it has none. */
    private static Receipt terminal(Map<String, List<Receipt>> receipts, String id) {
        return receipts.getOrDefault(id, List.of()).stream().filter(r -> r.status().terminal()).findFirst()
                .orElse(null);
    }

    private static Map<String, List<Receipt>> awaitReceipts(Predicate<Map<String, List<Receipt>>> done)
            throws IOException {
        Map<String, List<Receipt>> byId = new HashMap<>();
        Instant deadline = Instant.now().plus(DEADLINE);
        try (KafkaConsumer<String, byte[]> consumer = new TopicProbe(bootstrap).fromBeginning(RECEIPTS)) {
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

    private static String tails() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (ServiceProcess s : services.values()) {
            sb.append("--- ").append(s.log().getFileName()).append('\n').append(s.tail()).append('\n');
        }
        return sb.toString();
    }

    private static JsonNode parse(String body) {
        try {
            return EventJson.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
    }

    /**
     * Tenant acme: the default policy (only its countries, GB); client e2e sends as ACME; client
     * auditor may only read. Tenant globex: a careful policy (links only to acme.com; card, IBAN and
     * e-mail detected); client careful sends for it.
     */
    private static Path writePolicy(Path work) throws Exception {
        Files.createDirectories(work);
        return Files.writeString(work.resolve("policy.yaml"), """
                schemaVersion: 1
                tenants:
                  acme:
                    countries: [GB]
                  globex:
                    countries: [GB]
                    linkDomains: [acme.com]
                    detectors: [card, iban, email]
                clients:
                  e2e:
                    tenant: acme
                    role: sender
                    apiKeySha256: [%s]
                    senders: ["ACME"]
                  auditor:
                    tenant: acme
                    role: auditor
                    apiKeySha256: [%s]
                  careful:
                    tenant: globex
                    role: sender
                    apiKeySha256: [%s]
                    senders: ["ACME"]
                """.formatted(sha256Hex(apiKey), sha256Hex(auditorKey), sha256Hex(carefulKey)));
    }
}
