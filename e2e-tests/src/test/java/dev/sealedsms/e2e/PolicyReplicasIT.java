package dev.sealedsms.e2e;

import static dev.sealedsms.e2e.ServiceConfig.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.TopicProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two policy-service processes against one Kafka, as two replicas run: a client's rate limit
 * holds for the two together; an Idempotency-Key retried on the other replica gets the first
 * answer (or 409); the status view answers on either replica, and again after one is killed and
 * restarted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyReplicasIT {

    /** Low beside what two replicas answer even on a loaded machine, so every token finds a taker. */
    private static final double RATE = 10;
    /** Enough requests in flight that every token finds a taker, even on a loaded machine. */
    private static final int SENDERS_PER_REPLICA = 16;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration WINDOW = Duration.ofSeconds(20);
    private static final String SENDER = "ACME";

    private static final List<ServiceProcess> replicas = new ArrayList<>();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static Map<String, String> config;
    private static Path work;
    private static String limitedKey;
    private static String freeKey;

    @BeforeAll
    static void twoReplicas() throws Exception {
        SealedInfrastructure infra = SealedInfrastructure.get();
        work = ServiceConfig.repoRoot().resolve("e2e-tests/target/e2e-replicas");
        limitedKey = "limited-" + UUID.randomUUID();
        freeKey = "free-" + UUID.randomUUID();
        config = ServiceConfig.policy(infra, writePolicy(work));
        // A replica restarted after a kill need not wait for the dead member's rate shares to expire.
        config.put("sealed.limits.share-wait", "PT5S");
        replicas.add(start("a"));
        replicas.add(start("b"));
    }

    @AfterAll
    static void stop() {
        replicas.forEach(ServiceProcess::close);
    }

    @Test
    @Order(1)
    void aClientRateLimitHoldsForTwoReplicasTogetherWithinFivePercent() throws Exception {
        long start = System.nanoTime();
        long from = start + WARM_UP.toNanos();
        long to = from + WINDOW.toNanos();
        AtomicLong admitted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicInteger unexpected = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (ServiceProcess replica : replicas) {
            for (int t = 0; t < SENDERS_PER_REPLICA; t++) {
                Thread s = Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < to) {
                        try {
                            HttpResponse<String> r = post(replica, limitedKey, message("+447400188001"), null);
                            long at = System.nanoTime();
                            if (r.statusCode() == 202 && at >= from && at < to) {
                                admitted.incrementAndGet();
                            } else if (r.statusCode() == 429 && at >= from && at < to) {
                                refused.incrementAndGet();
                            } else if (r.statusCode() != 202 && r.statusCode() != 429) {
                                if (unexpected.incrementAndGet() == 1) {
                                    System.out.println("unexpected answer " + r.statusCode() + " " + r.body());
                                }
                            }
                        } catch (IOException | InterruptedException e) {
                            unexpected.incrementAndGet();
                        }
                    }
                });
                senders.add(s);
            }
        }
        for (Thread s : senders) {
            s.join();
        }

        double expected = RATE * WINDOW.toNanos() / 1e9;
        double error = Math.abs(admitted.get() - expected) / expected;
        System.out.printf("two policy-service processes: admitted %d in %s at %.0f/s, expected %.0f (%.2f%%); "
                + "%d refused with 429%n", admitted.get(), WINDOW, RATE, expected, 100 * error, refused.get());
        assertEquals(0, unexpected.get(), "only 202 and 429 answers");
        assertTrue(error <= 0.05, "admitted " + admitted.get() + ", expected " + expected + " within 5%");
    }

    @Test
    @Order(2)
    void anIdempotencyKeyRetriedOnTheOtherReplicaGetsTheFirstAnswer() throws Exception {
        String key = "order-" + UUID.randomUUID();
        HttpResponse<String> first = post(replicas.get(0), freeKey, message("+447400188002"), key);
        HttpResponse<String> retry = post(replicas.get(1), freeKey, message("+447400188002"), key);
        HttpResponse<String> other = post(replicas.get(1), freeKey, message("+447400188003"), key);

        assertEquals(202, first.statusCode(), first.body());
        assertEquals(first.statusCode(), retry.statusCode());
        assertEquals(first.body(), retry.body(), "the same answer, so the same message");
        assertEquals(409, other.statusCode(), other.body());
        assertEquals("IDEMPOTENCY_KEY_REUSED", json(other.body()).get("reason").asText());
    }

    @Test
    @Order(3)
    void theStatusViewAnswersOnEitherReplicaAndAgainAfterARestart() throws Exception {
        // a message accepted by replica a, then submitted and delivered as dispatch would report it
        HttpResponse<String> accepted = post(replicas.get(0), freeKey, message("+447400188004"), null);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String id = json(accepted.body()).get("messageId").asText();
        Instant t = Instant.now();
        TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());
        for (ReceiptStatus s : List.of(ReceiptStatus.SUBMITTED, ReceiptStatus.DELIVERED)) {
            Receipt r = new Receipt(Receipt.SCHEMA_VERSION, id, "acme", "free", s, t, null, null, "simulator",
                    "c-" + id, 1, TextEncoding.GSM7, "GB", null, t);
            kafka.produce(Topics.RECEIPTS, id, EventJson.write(r));
        }

        JsonNode onB = awaitStatus(replicas.get(1), id, "DELIVERED");
        assertEquals("simulator", onB.get("carrier").asText());
        assertTrue(onB.get("times").has("ACCEPTED") && onB.get("times").has("SUBMITTED"));

        // when replica a is killed and started again, it answers the same from Kafka
        replicas.get(0).kill();
        replicas.set(0, start("a"));
        JsonNode onA = awaitStatus(replicas.get(0), id, "DELIVERED");
        assertEquals(onB, onA, "the same lifecycle after a restart");
        assertEquals(404, get(replicas.get(0), limitedKey, id).statusCode(), "another client's tenant sees nothing");
    }

    // --- helpers ---------------------------------------------------------------------------

    private static ServiceProcess start(String name) throws Exception {
        return ServiceProcess.start(ServiceConfig.repoRoot(), "policy-service", ServiceConfig.freePort(), config,
                work.resolve(name));
    }

    private static String message(String to) {
        return "{\"to\":\"" + to + "\",\"from\":\"" + SENDER + "\",\"body\":\"hello\"}";
    }

    private static HttpResponse<String> post(ServiceProcess replica, String apiKey, String body, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort()
                + "/v1/messages"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ServiceProcess replica, String apiKey, String id)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort()
                + "/v1/messages/" + id)).header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitStatus(ServiceProcess replica, String id, String status) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = get(replica, freeKey, id);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && status.equals(json(r.body()).get("status").asText())) {
                return json(r.body());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status of " + id + " never " + status + "; last answer " + last);
    }

    private static JsonNode json(String body) throws IOException {
        return EventJson.mapper().readTree(body);
    }

    private static Path writePolicy(Path dir) throws Exception {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("policy.yaml"), """
                schemaVersion: 1
                tenants:
                  acme:
                    countries: [GB]
                  globex:
                    countries: [GB]
                clients:
                  free:
                    tenant: acme
                    role: sender
                    apiKeySha256: [%s]
                    senders: ["%s"]
                  limited:
                    tenant: globex
                    role: sender
                    apiKeySha256: [%s]
                    senders: ["%s"]
                    ratePerSecond: %s
                """.formatted(sha256Hex(freeKey), SENDER, sha256Hex(limitedKey), SENDER, RATE));
    }
}
