package dev.sealedsms.policy.status;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.Poll;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/messages/{id}} against real Kafka: the lifecycle folded from {@code sms.receipts}
 * (as policy and dispatch write it), the same answers from a view rebuilt from scratch (a restarted
 * replica), tenant isolation, read-your-writes, and no body or number anywhere.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class MessageStatusTest {

    private static final String SENDER = "test-key-acme";
    private static final String ADMIN = "test-key-admin";
    private static final String AUDITOR = "test-key-auditor";
    private static final String GLOBEX_ADMIN = "test-key-other-admin";

    private static final List<String> LOGGED = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            LOGGED.add(r instanceof ExtLogRecord e ? e.getFormattedMessage() : String.valueOf(r.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private final SealedInfrastructure infra = SealedInfrastructure.get();
    private final TopicProbe kafka = new TopicProbe(infra.kafka().bootstrapServers());

    @BeforeAll
    static void captureLogs() {
        java.util.logging.Logger.getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void stopCapturing() {
        java.util.logging.Logger.getLogger("").removeHandler(CAPTURE);
    }

    @Test
    void aMessageJustAcceptedIsFoundAtOnceAsAccepted() {
        String id = send(SENDER, uniqueGbMobile(), "status test");

        // No wait in the test: the endpoint itself waits for the view to reach the receipt.
        given(SENDER).get("/v1/messages/" + id).then().statusCode(200)
                .body("messageId", equalTo(id))
                .body("clientId", equalTo("web"))
                .body("status", equalTo("ACCEPTED"))
                .body("terminal", equalTo(false))
                .body("segments", equalTo(1))
                .body("encoding", equalTo("GSM7"))
                .body("country", equalTo("GB"))
                .body("times.ACCEPTED", equalTo(given(SENDER).get("/v1/messages/" + id).path("acceptedAt")));
    }

    @Test
    void receiptsFromDispatchFoldIntoTheLifecycleAndTerminalWins() {
        String id = send(SENDER, uniqueGbMobile(), "status test");
        Instant submitted = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant delivered = submitted.plusSeconds(3);
        receipt(id, ReceiptStatus.SUBMITTED, submitted, null, null, "carrier-a", "smsc-42");
        receipt(id, ReceiptStatus.DELIVERED, delivered, null, "000", "carrier-a", "smsc-42");
        // A late duplicate ACCEPTED must not move the message back.
        receipt(id, ReceiptStatus.ACCEPTED, delivered.plusSeconds(1), null, null, null, null);

        awaitStatus(SENDER, id, "DELIVERED");
        given(SENDER).get("/v1/messages/" + id).then().statusCode(200)
                .body("status", equalTo("DELIVERED"))
                .body("terminal", equalTo(true))
                .body("carrier", equalTo("carrier-a"))
                .body("carrierMessageId", equalTo("smsc-42"))
                .body("errorCode", equalTo("000"))
                .body("times.SUBMITTED", equalTo(submitted.toString()))
                .body("times.DELIVERED", equalTo(delivered.toString()))
                // The duplicate ACCEPTED changed nothing: not the status, not the time it was first recorded.
                .body("times.ACCEPTED", org.hamcrest.Matchers.not(equalTo(delivered.plusSeconds(1).toString())))
                .body("updatedAt", equalTo(delivered.toString()));
    }

    @Test
    void aFailureShowsItsReasonAndErrorCode() {
        String id = send(SENDER, uniqueGbMobile(), "status test");
        receipt(id, ReceiptStatus.SUBMITTED, Instant.now(), null, null, "carrier-a", "smsc-43");
        receipt(id, ReceiptStatus.UNDELIVERED, Instant.now(), "CARRIER_REJECTED", "0x0000000B", "carrier-a", "smsc-43");
        // A stray DELIVERED after the terminal UNDELIVERED does not replace it.
        receipt(id, ReceiptStatus.DELIVERED, Instant.now(), null, null, "carrier-a", "smsc-43");

        awaitStatus(SENDER, id, "UNDELIVERED");
        given(SENDER).get("/v1/messages/" + id).then().statusCode(200)
                .body("reason", equalTo("CARRIER_REJECTED"))
                .body("errorCode", equalTo("0x0000000B"));
    }

    @Test
    void aRejectedMessageShowsRejectedWithItsPolicyReason() {
        String id = io.restassured.RestAssured.given().header("Authorization", "Bearer " + SENDER)
                .contentType("application/json")
                .body("{\"to\":\"" + uniqueGbMobile() + "\",\"from\":\"NOTOURS\",\"body\":\"x\"}")
                .post("/v1/messages").then().statusCode(422).extract().path("messageId");

        given(SENDER).get("/v1/messages/" + id).then().statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("terminal", equalTo(true))
                .body("reason", equalTo("SENDER_NOT_ALLOWED"));
    }

    @Test
    void aViewRebuiltFromKafkaAfterARestartGivesTheSameAnswers() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = send(SENDER, uniqueGbMobile(), "restart test " + i);
            if (i % 2 == 0) {
                receipt(id, ReceiptStatus.SUBMITTED, Instant.now(), null, null, "carrier-b", "c-" + i);
            }
            if (i % 4 == 0) {
                receipt(id, ReceiptStatus.EXPIRED, Instant.now(), "VALIDITY_PASSED", null, "carrier-b", "c-" + i);
            }
            ids.add(id);
        }
        awaitStatus(SENDER, ids.get(4), "EXPIRED");
        List<MessageStatus> before = ids.stream().map(id -> status(SENDER, id)).toList();

        // A replica that restarts has nothing but Kafka: a new view, read from scratch, the production code path.
        try (StatusLedger restarted = new StatusLedger(infra.kafka().bootstrapServers(), Topics.RECEIPTS,
                Duration.ofDays(7), 1_000_000, Clock.systemUTC()).start(Duration.ofSeconds(60))) {
            assertTrue(restarted.ready());
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(before.get(i), restarted.find("acme", ids.get(i)).orElseThrow(),
                        "message " + i + " after a restart");
                assertTrue(restarted.find("globex", ids.get(i)).isEmpty(), "another tenant never finds it");
            }
        }
        // i = 0 and 4: SUBMITTED then EXPIRED; 2: SUBMITTED; 1 and 3: only ACCEPTED.
        assertEquals(List.of("EXPIRED", "ACCEPTED", "SUBMITTED", "ACCEPTED", "EXPIRED"),
                before.stream().map(s -> s.status().name()).toList());
    }

    @Test
    void theViewKeepsAtMostItsBoundDroppingTheOldestFirst() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String third = UUID.randomUUID().toString();
        // On one partition, so the view reads them in this order, whatever else the topic holds.
        for (String id : List.of(first, second, third)) {
            Receipt r = new Receipt(Receipt.SCHEMA_VERSION, id, "acme", "web", ReceiptStatus.ACCEPTED, Instant.now(),
                    null, null, null, null, 1, TextEncoding.GSM7, "GB", null, Instant.now());
            kafka.produce(Topics.RECEIPTS, 0, id, EventJson.write(r), new RecordHeaders());
        }
        try (StatusLedger small = new StatusLedger(infra.kafka().bootstrapServers(), Topics.RECEIPTS,
                Duration.ofMinutes(10), 2, Clock.systemUTC()).start(Duration.ofSeconds(60))) {
            assertEquals(2, small.size(), "the bound holds");
            // Two messages were seen after it, so the first seen is gone whatever came from other partitions.
            assertTrue(small.find("acme", first).isEmpty(), "the oldest went first");
        }
    }

    @Test
    void anotherTenantsMessageIsNotFoundExactlyLikeAnUnknownOne() {
        String id = send(SENDER, uniqueGbMobile(), "status test");
        given(SENDER).get("/v1/messages/" + id).then().statusCode(200);
        // The tenant's admin and auditor see it too.
        given(ADMIN).get("/v1/messages/" + id).then().statusCode(200).body("clientId", equalTo("web"));
        given(AUDITOR).get("/v1/messages/" + id).then().statusCode(200);

        String foreign = given(GLOBEX_ADMIN).get("/v1/messages/" + id).then().statusCode(404)
                .contentType(equalTo("application/problem+json"))
                .body("reason", equalTo("MESSAGE_NOT_FOUND")).extract().asString();
        String unknownId = UUID.randomUUID().toString();
        String unknown = given(GLOBEX_ADMIN).get("/v1/messages/" + unknownId).then().statusCode(404)
                .body("reason", equalTo("MESSAGE_NOT_FOUND")).extract().asString();
        assertEquals(unknown.replace(unknownId, "ID"), foreign.replace(id, "ID"), "nothing tells the two apart");
    }

    @Test
    void badRequestsAreProblems() {
        given(SENDER).get("/v1/messages/not-a-uuid").then().statusCode(400).body("reason", equalTo("FIELD_INVALID"));
        given("no-such-key").get("/v1/messages/" + UUID.randomUUID()).then().statusCode(401)
                .body("reason", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void noBodyOrNumberInTheAnswerOrTheLogs() {
        String number = uniqueGbMobile();
        String canary = "canary" + Long.toHexString(UUID.randomUUID().getLeastSignificantBits());
        String id = send(SENDER, number, "hello " + canary);
        receipt(id, ReceiptStatus.SUBMITTED, Instant.now(), null, null, "carrier-a", "smsc-99");

        awaitStatus(SENDER, id, "SUBMITTED");
        String answer = given(SENDER).get("/v1/messages/" + id).then().statusCode(200).extract().asString();
        assertFalse(answer.contains(number.substring(1)), "the answer holds the number: " + answer);
        assertFalse(answer.contains(canary), "the answer holds the body: " + answer);
        assertFalse(LOGGED.isEmpty(), "the log capture saw nothing; the canary would prove nothing");
        for (String line : LOGGED) {
            assertFalse(line.contains(number.substring(1)), "a log line holds the number: " + line);
            assertFalse(line.contains(canary), "a log line holds the body: " + line);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static RequestSpecification given(String key) {
        return io.restassured.RestAssured.given().header("Authorization", "Bearer " + key).when();
    }

    private static String send(String key, String to, String body) {
        return io.restassured.RestAssured.given().header("Authorization", "Bearer " + key)
                .contentType("application/json")
                .body("{\"to\":\"" + to + "\",\"from\":\"ACME\",\"body\":\"" + body + "\"}")
                .post("/v1/messages").then().statusCode(202).extract().path("messageId");
    }

    private static MessageStatus status(String key, String id) {
        return EventJson.read(given(key).get("/v1/messages/" + id).then().statusCode(200).extract().asByteArray(),
                MessageStatus.class);
    }

    /** A receipt as dispatch-service writes it (key = message id). */
    private void receipt(String id, ReceiptStatus status, Instant at, String reason, String errorCode, String carrier,
            String carrierMessageId) {
        Receipt r = new Receipt(Receipt.SCHEMA_VERSION, id, "acme", "web", status, at, reason, errorCode, carrier,
                carrierMessageId, 1, TextEncoding.GSM7, "GB", "vault:v1:token", null);
        kafka.produce(Topics.RECEIPTS, id, EventJson.write(r));
    }

    private static void awaitStatus(String key, String id, String status) {
        await(() -> status.equals(given(key).get("/v1/messages/" + id).path("status")),
                "message " + id + " reaches " + status);
    }

    private static String uniqueGbMobile() {
        return "+447400" + (100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000));
    }

    private static void await(BooleanSupplier condition, String what) {
        Poll.until(condition, Duration.ofSeconds(15), what);
    }
}
