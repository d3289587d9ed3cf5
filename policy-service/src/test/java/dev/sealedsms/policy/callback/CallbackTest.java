package dev.sealedsms.policy.callback;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Status callbacks end to end, against real Kafka and real HTTP receivers (JDK HttpServer as the
 * client's endpoint): signed (verified here with javax.crypto, independently of the service's
 * code), retried until they get through, abandoned and visible when they never do, and isolated per
 * client: an endpoint that takes 10 s does not delay another client's callbacks.
 * %test settings: retries from 0.2 s doubling to 1 s, 2 s timeout, given up after 6 s.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class CallbackTest {

    private static final String WEB = "test-key-acme";
    private static final String OTHER = "test-key-other";
    private static final String LIMITED = "test-key-limited";
    private static final Duration SLOW = Duration.ofSeconds(10);

    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());
    private final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void unregisterAndStop() {
        for (String key : List.of(WEB, OTHER, LIMITED)) {
            given(key).delete("/v1/callbacks");
        }
        receivers.forEach(Receiver::close);
    }

    @Test
    void callbacksAreSignedWithThePerClientSecretAndCarryTheStatusChange() throws Exception {
        Receiver receiver = receiver(call -> 200, Duration.ZERO);
        String secret = register(OTHER, receiver);
        String number = uniqueGbMobile();
        String canary = "canary" + Long.toHexString(UUID.randomUUID().getLeastSignificantBits());

        String id = send(OTHER, number, "hello " + canary);
        Receiver.Call accepted = receiver.await(id, "ACCEPTED");
        receipt(id, "other", ReceiptStatus.DELIVERED, "carrier-a", "smsc-1");
        Receiver.Call delivered = receiver.await(id, "DELIVERED");

        for (Receiver.Call call : List.of(accepted, delivered)) {
            // Verified from the header alone, as a client would: t=<unix>,v1=<hex hmac(secret, t.body)>.
            Map<String, String> parts = new HashMap<>();
            for (String kv : call.header("Sealed-Signature").split(",")) {
                parts.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            long t = Long.parseLong(parts.get("t"));
            assertTrue(Math.abs(Instant.now().getEpochSecond() - t) < 60, "timestamp is now");
            assertEquals(hmacHex(secret, t + "." + call.body()), parts.get("v1"), "signature verifies");
            assertNotEquals(hmacHex(secret + "x", t + "." + call.body()), parts.get("v1"), "only with this secret");
            assertEquals(call.json().path("eventId").asText(), call.header("Sealed-Event-Id"));
            assertFalse(call.body().contains(number.substring(1)), "no number in a callback: " + call.body());
            assertFalse(call.body().contains(canary), "no body in a callback: " + call.body());
        }
        assertEquals("message.status", delivered.json().path("type").asText());
        assertEquals(true, delivered.json().path("terminal").asBoolean());
        assertEquals("smsc-1", delivered.json().path("carrierMessageId").asText());
        assertEquals("other", accepted.json().path("clientId").asText());

        // A new registration has a new secret; the old one no longer signs.
        String rotated = register(OTHER, receiver);
        assertNotEquals(secret, rotated);
        String second = send(OTHER, uniqueGbMobile(), "again");
        Receiver.Call after = receiver.await(second, "ACCEPTED");
        String v1 = after.header("Sealed-Signature").split(",")[1].substring(3);
        String t = after.header("Sealed-Signature").split(",")[0].substring(2);
        assertEquals(hmacHex(rotated, t + "." + after.body()), v1);
        assertNotEquals(hmacHex(secret, t + "." + after.body()), v1);
    }

    @Test
    void aFailingEndpointGetsTheCallbackLaterWithTheSameEventId() {
        // Each event fails three times (503), then succeeds.
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        Receiver receiver = receiver(call -> tries.computeIfAbsent(call.json().path("eventId").asText(),
                k -> new AtomicInteger()).incrementAndGet() <= 3 ? 503 : 200, Duration.ZERO);
        register(WEB, receiver);

        String id = send(WEB, uniqueGbMobile(), "retry test");
        Receiver.Call ok = receiver.awaitAnswered(id, "ACCEPTED", 200);

        List<Receiver.Call> attempts = receiver.calls(id, "ACCEPTED");
        assertEquals(4, attempts.size(), "three failures, then the delivery");
        assertEquals(1, attempts.stream().map(c -> c.json().path("eventId").asText()).distinct().count(),
                "one event id across attempts");
        assertEquals(List.of("1", "2", "3", "4"), attempts.stream().map(c -> c.header("Sealed-Attempt")).toList());
        assertTrue(ok.arrivedNanos() - attempts.getFirst().arrivedNanos() >= Duration.ofMillis(300).toNanos(),
                "retries are spaced by backoff");

        await(() -> "DELIVERED".equals(given(WEB).get("/v1/callbacks").path("delivery.lastOutcome")),
                "health shows the delivery");
        given(WEB).get("/v1/callbacks").then().statusCode(200)
                .body("delivery.consecutiveFailures", equalTo(0))
                .body("delivery.lastStatusCode", equalTo(200));
        assertTrue(((Number) given(WEB).get("/v1/callbacks").path("delivery.failedAttempts")).longValue() >= 3);
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("sealed_callbacks_total{client=\"web\",outcome=\"failed\",service=\"policy-service\"}"), metrics);
        assertTrue(metrics.contains("sealed_callbacks_total{client=\"web\",outcome=\"delivered\",service=\"policy-service\"}"));
        assertTrue(metrics.contains("sealed_callbacks_total{client=\"web\",outcome=\"retrying\",service=\"policy-service\"}"));
    }

    @Test
    void anEndpointThatNeverAnswersWellIsAbandonedAndTheClientSeesWhy() {
        Receiver receiver = receiver(call -> 503, Duration.ZERO);
        register(LIMITED, receiver);

        String id = send(LIMITED, uniqueGbMobile(), "abandon test");
        receiver.await(id, "ACCEPTED");
        await(() -> {
            Number n = given(LIMITED).get("/v1/callbacks").path("delivery.consecutiveFailures");
            return n != null && n.longValue() >= 2;
        }, "consecutive failures visible");
        given(LIMITED).get("/v1/callbacks").then().statusCode(200)
                .body("delivery.lastError", equalTo("HTTP_503"))
                .body("delivery.lastStatusCode", equalTo(503));

        // Given up after 6 s (%test give-up-after).
        await(() -> {
            Number n = given(LIMITED).get("/v1/callbacks").path("delivery.abandoned");
            return n != null && n.longValue() >= 1;
        }, "the abandoned callback is visible");
        int attempts = receiver.calls(id, "ACCEPTED").size();
        assertTrue(attempts >= 3, "retried before giving up: " + attempts);
        sleep(Duration.ofSeconds(2));
        assertEquals(attempts, receiver.calls(id, "ACCEPTED").size(), "no attempt after abandoning");
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("sealed_callbacks_total{client=\"limited\",outcome=\"abandoned\",service=\"policy-service\"}"), metrics);
        assertFalse(metrics.contains("127.0.0.1"), "no URL in metric labels");
    }

    @Test
    void aSlowEndpointDoesNotDelayAnotherClientsCallbacks() {
        Receiver slow = receiver(call -> 200, SLOW);
        Receiver fast = receiver(call -> 200, Duration.ZERO);
        register(WEB, slow);
        register(OTHER, fast);

        // The slow client's callbacks first, more than its concurrency, so its lane is full and queued.
        List<String> slowIds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            slowIds.add(send(WEB, uniqueGbMobile(), "slow " + i));
        }
        Map<String, Long> acceptedAt = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            String id = send(OTHER, uniqueGbMobile(), "fast " + i);
            acceptedAt.put(id, System.nanoTime());
        }

        long worst = 0;
        for (Map.Entry<String, Long> e : acceptedAt.entrySet()) {
            Receiver.Call call = fast.await(e.getKey(), "ACCEPTED");
            worst = Math.max(worst, call.arrivedNanos() - e.getValue());
        }
        assertTrue(slow.calls(slowIds.getFirst(), "ACCEPTED").size() + slow.totalCalls() > 0,
                "the slow endpoint was being called meanwhile");
        assertTrue(worst < Duration.ofSeconds(2).toNanos(),
                "every other client's callback within 2 s of acceptance, while the slow endpoint takes " + SLOW
                        + "; worst " + Duration.ofNanos(worst).toMillis() + " ms");
    }

    @Test
    void onlySafeUrlsAndWellFormedRequestsAreAccepted() {
        for (String url : List.of("http://93.184.215.14/hook", "ftp://93.184.215.14/hook", "https://10.0.0.8/hook",
                "https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data", "https://[::1]/hook",
                "https://localhost/hook", "https://user@93.184.215.14/hook", "https://100.64.0.1/hook",
                "/relative", "https://no-such-host.invalid/hook")) {
            given(WEB).contentType("application/json").body("{\"url\":\"" + url + "\"}").put("/v1/callbacks")
                    .then().statusCode(422).contentType(equalTo("application/problem+json"))
                    .body("reason", equalTo("CALLBACK_URL_NOT_ALLOWED"));
        }
        given(WEB).contentType("application/json").body("{}").put("/v1/callbacks").then().statusCode(400)
                .body("reason", equalTo("FIELD_MISSING"));
        given(WEB).contentType("application/json").body("{\"url\":").put("/v1/callbacks").then().statusCode(400)
                .body("reason", equalTo("MALFORMED_JSON"));
        given(WEB).contentType("application/json").body("{\"url\":[\"x\"]}").put("/v1/callbacks").then().statusCode(400)
                .body("reason", equalTo("FIELD_INVALID"));
        given("test-key-admin").contentType("application/json").body("{\"url\":\"http://127.0.0.1:1/x\"}")
                .put("/v1/callbacks").then().statusCode(403).body("reason", equalTo("ROLE_NOT_ALLOWED"));
        given("no-such-key").get("/v1/callbacks").then().statusCode(401);
        given(WEB).get("/v1/callbacks").then().statusCode(404).body("reason", equalTo("CALLBACK_NOT_REGISTERED"));
        given(WEB).delete("/v1/callbacks").then().statusCode(404);

        Receiver receiver = receiver(call -> 200, Duration.ZERO);
        register(WEB, receiver);
        given(WEB).get("/v1/callbacks").then().statusCode(200)
                .body("url", equalTo(receiver.url()))
                .body("secret", equalTo(null));
        given(WEB).delete("/v1/callbacks").then().statusCode(204);
        given(WEB).get("/v1/callbacks").then().statusCode(404);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private Receiver receiver(Function<Receiver.Call, Integer> answer, Duration delay) {
        Receiver r = new Receiver(answer, delay);
        receivers.add(r);
        return r;
    }

    /** Registers {@code receiver} for the client; returns the secret. */
    private static String register(String key, Receiver receiver) {
        return given(key).contentType("application/json").body("{\"url\":\"" + receiver.url() + "\"}")
                .put("/v1/callbacks").then().statusCode(200)
                .body("url", equalTo(receiver.url()))
                .body("secret", startsWith("whsec_"))
                .extract().path("secret");
    }

    private static RequestSpecification given(String key) {
        return io.restassured.RestAssured.given().header("Authorization", "Bearer " + key).when();
    }

    private static String send(String key, String to, String body) {
        return given(key).contentType("application/json")
                .body("{\"to\":\"" + to + "\",\"from\":\"ACME\",\"body\":\"" + body + "\"}")
                .post("/v1/messages").then().statusCode(202).extract().path("messageId");
    }

    private void receipt(String id, String client, ReceiptStatus status, String carrier, String carrierMessageId) {
        Receipt r = new Receipt(Receipt.SCHEMA_VERSION, id, "acme", client, status, Instant.now(), null, null, carrier,
                carrierMessageId, 1, TextEncoding.GSM7, "GB", "vault:v1:token", null);
        kafka.produce(Topics.RECEIPTS, id, EventJson.write(r));
    }

    private static String hmacHex(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String uniqueGbMobile() {
        return "+447400" + (100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000));
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** A client's callback endpoint: records every request, answers after {@code delay} with {@code answer}. */
    static final class Receiver implements AutoCloseable {

        record Call(Map<String, String> headers, String body, long arrivedNanos, int answeredWith) {
            String header(String name) {
                return headers.get(name.toLowerCase(java.util.Locale.ROOT));
            }

            JsonNode json() {
                try {
                    return EventJson.mapper().readTree(body);
                } catch (IOException e) {
                    throw new AssertionError("callback body is not JSON: " + body, e);
                }
            }
        }

        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final List<Call> calls = new CopyOnWriteArrayList<>();
        private final AtomicInteger total = new AtomicInteger();

        Receiver(Function<Call, Integer> answer, Duration delay) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            server.setExecutor(threads);
            server.createContext("/hook", exchange -> {
                long arrived = System.nanoTime();
                total.incrementAndGet();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                        v.getFirst()));
                Call probe = new Call(headers, body, arrived, 0);
                int status = answer.apply(probe);
                if (!delay.isZero()) {
                    sleep(delay);
                }
                calls.add(new Call(headers, body, arrived, status));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        int totalCalls() {
            return total.get();
        }

        List<Call> calls(String messageId, String status) {
            return calls.stream().filter(c -> c.json().path("messageId").asText().equals(messageId)
                    && c.json().path("status").asText().equals(status)).toList();
        }

        Call await(String messageId, String status) {
            CallbackTest.await(() -> !calls(messageId, status).isEmpty(), "a callback " + status + " for " + messageId);
            return calls(messageId, status).getFirst();
        }

        Call awaitAnswered(String messageId, String status, int answer) {
            CallbackTest.await(() -> calls(messageId, status).stream().anyMatch(c -> c.answeredWith() == answer),
                    "a callback " + status + " for " + messageId + " answered " + answer);
            return calls(messageId, status).stream().filter(c -> c.answeredWith() == answer).findFirst().orElseThrow();
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
