package dev.sealedsms.policy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.AuditRecord;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Idempotency-Key, rate limit and daily quota through HTTP, against the real broker. */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class IdempotencyAndLimitsTest {

    private static final String WEB = "test-key-acme";
    private static final String OTHER = "test-key-other";
    private static final String LIMITED = "test-key-limited";
    private static final String CAPPED = "test-key-capped";

    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());

    @Test
    void theSameKeyAndBodyReturnTheSameMessageAndCreateNoSecond() {
        String key = UUID.randomUUID().toString();
        String body = message("+447400123140", "idem " + key);

        Response first = send(WEB, key, body);
        Response second = send(WEB, key, body);

        assertEquals(202, first.statusCode());
        assertEquals(first.statusCode(), second.statusCode());
        assertEquals(first.asString(), second.asString());
        String id = first.path("messageId");
        assertEquals(1, approvedRecords(id));
    }

    @Test
    void theSameKeyWithAnotherBodyIs409() {
        String key = UUID.randomUUID().toString();
        send(WEB, key, message("+447400123141", "first")).then().statusCode(202);

        send(WEB, key, message("+447400123141", "second")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("reason", equalTo("IDEMPOTENCY_KEY_REUSED"))
                .body("type", equalTo("https://sealedsms.dev/problems/idempotency-key-reused"));
    }

    @Test
    void keysAreScopedPerClientAndIdsDeriveFromClientAndKey() {
        String key = UUID.randomUUID().toString();
        String body = message("+447400123142", "scoped");

        String web = send(WEB, key, body).then().statusCode(202).extract().path("messageId");
        String other = send(OTHER, key, body).then().statusCode(202).extract().path("messageId");

        assertNotEquals(web, other);
        assertEquals(dev.sealedsms.policy.idempotency.IdempotencyStore.messageId("web", key, ""), web);
    }

    @Test
    void twentyConcurrentRetriesMakeOneMessageAndOneAnswer() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = message("+447400123143", "concurrent " + key);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Callable<String> retry = () -> {
                    go.await();
                    Response r = send(WEB, key, body);
                    return r.statusCode() + " " + r.asString();
                };
                answers.add(pool.submit(retry));
            }
            go.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> a : answers) {
                distinct.add(a.get());
            }

            assertEquals(1, distinct.size(), "answers: " + distinct);
            String only = distinct.iterator().next();
            assertTrue(only.startsWith("202 "), only);
            String id = EventJson.mapper().readTree(only.substring(4)).get("messageId").asText();
            assertEquals(1, approvedRecords(id));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchReplayedUnderItsKeyGetsTheSameResults() {
        String key = UUID.randomUUID().toString();
        String batch = "{\"messages\":[" + message("+447400123144", "b1") + "," + message("+447400123145", "b2") + "]}";

        String first = batch(key, batch).then().statusCode(200).body("accepted", equalTo(2)).extract().asString();
        String again = batch(key, batch).then().statusCode(200).extract().asString();

        assertEquals(first, again);
        batch(key, "{\"messages\":[" + message("+447400123144", "other") + "]}").then().statusCode(409)
                .body("reason", equalTo("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void aBadKeyIs400() {
        send(WEB, "x".repeat(256), message("+447400123146", "bad key")).then().statusCode(400)
                .body("reason", equalTo("FIELD_INVALID"));
    }

    @Test
    void overTheRateLimitIs429WithRetryAfterAndAnAuditedRejection() {
        // client "limited" may send 2 messages/s: a quick run of 10 must hit the limit
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(send(LIMITED, null, message("+447400123147", "rate " + i)));
        }

        assertTrue(answers.stream().anyMatch(r -> r.statusCode() == 202), "none accepted");
        Response limited = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow(
                () -> new AssertionError("no 429 in 10 quick requests at 2/s"));
        limited.then().contentType("application/problem+json").body("reason", equalTo("RATE_LIMITED"))
                .body("messageId", notNullValue()).header("Retry-After", notNullValue());
        assertTrue(answers.stream().filter(r -> r.statusCode() == 202).count() <= 3, "admitted too many");
        AuditRecord audit = EventJson.read(kafka.await(Topics.AUDIT, limited.path("messageId")).value(),
                AuditRecord.class);
        assertEquals(AuditRecord.REJECTED, audit.outcome());
        assertEquals(List.of("rate-limit"), audit.rulesFired());
    }

    @Test
    void overTheDailyQuotaIs429QuotaExceeded() {
        // client "capped" may send 2 messages a day
        send(CAPPED, null, message("+447400123148", "q1")).then().statusCode(202);
        send(CAPPED, null, message("+447400123148", "q2")).then().statusCode(202);

        send(CAPPED, null, message("+447400123148", "q3")).then().statusCode(429)
                .body("reason", equalTo("QUOTA_EXCEEDED")).header("Retry-After", notNullValue());
    }

    private static String message(String to, String text) {
        return "{\"to\":\"" + to + "\",\"from\":\"ACME\",\"body\":\"" + text + "\"}";
    }

    private static Response send(String apiKey, String idempotencyKey, String body) {
        var r = given().header("Authorization", "Bearer " + apiKey).contentType("application/json").body(body);
        if (idempotencyKey != null) {
            r = r.header(MessageResource.IDEMPOTENCY_KEY, idempotencyKey);
        }
        return r.when().post("/v1/messages");
    }

    private static Response batch(String idempotencyKey, String body) {
        return given().urlEncodingEnabled(false).header("Authorization", "Bearer " + WEB)
                .header(MessageResource.IDEMPOTENCY_KEY, idempotencyKey).contentType("application/json").body(body)
                .when().post("/v1/messages:batch");
    }

    /** sms.approved records with this message id, once its audit record (written after) is there. */
    private long approvedRecords(String id) {
        kafka.await(Topics.AUDIT, id);
        return kafka.readAll(Topics.APPROVED).stream().filter(r -> id.equals(r.key())).count();
    }
}
