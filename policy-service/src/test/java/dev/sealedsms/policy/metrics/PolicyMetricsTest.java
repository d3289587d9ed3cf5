package dev.sealedsms.policy.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.testsupport.MetricsDoc;
import dev.sealedsms.testsupport.PrometheusScrape;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What Prometheus scrapes from policy-service at /q/metrics after real requests: decisions go
 * through real Kafka, and recipient tokens for the consent rule come from a real OpenBao.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class PolicyMetricsTest {

    /** Client "web" of tenant acme in the %test policy. */
    private static final String KEY = "test-key-acme";

    @Test
    void countsAcceptedAndRejectedMessagesByReasonAndTimesEachDecision() {
        PrometheusScrape before = scrape();

        for (int i = 0; i < 3; i++) {
            send(newNumber(), "metrics accepted " + i, 202);
        }
        for (int i = 0; i < 2; i++) {
            send(newNumber(), "card 4111 1111 1111 1111", 422);
        }
        PrometheusScrape after = scrape();

        assertEquals(3, delta(before, after, "sealed_messages_total", "status", "ACCEPTED", "tenant", "acme"));
        assertEquals(2, delta(before, after, "sealed_messages_total", "status", "REJECTED", "reason",
                "SENSITIVE_CARD_NUMBER", "tenant", "acme"));
        assertEquals(0, delta(before, after, "sealed_messages_total", "status", "REJECTED", "reason", "QUIET_HOURS"));
        assertEquals(3, delta(before, after, "sealed_policy_decision_seconds_count", "outcome", "approved"));
        assertEquals(2, delta(before, after, "sealed_policy_decision_seconds_count", "outcome", "rejected"));
        assertEquals(3, delta(before, after, "sealed_policy_decision_seconds_bucket", "outcome", "approved", "le", "+Inf"));
        assertTrue(delta(before, after, "sealed_vault_requests_total", "operation", "hmac", "outcome", "ok") >= 3,
                "a new recipient's consent token is an HMAC from Vault");
        assertTrue(after.has("sealed_messages_total", "service", PolicyMetrics.SERVICE));
    }

    @Test
    void servesTheConsumerLagOfItsRequestsConsumerAndTheVaultCircuit() {
        PrometheusScrape s = PrometheusScrape.awaitServed(PolicyMetricsTest::scrape, java.time.Duration.ofSeconds(30),
                "kafka_consumer_fetch_manager_records_lag_max", "client_id", "kafka-consumer-requests-in");

        assertTrue(s.has("kafka_consumer_fetch_manager_records_lag_max", "service", PolicyMetrics.SERVICE,
                "client_id", "kafka-consumer-requests-in"), s.names().toString());
        assertTrue(s.has("sealed_vault_circuit_state", "service", PolicyMetrics.SERVICE));
        assertEquals(0, s.sum("sealed_vault_circuit_state"));
    }

    @Test
    void servesEveryMetricDocumentedForIt() {
        send(newNumber(), "metrics doc", 202);
        send(newNumber(), "card 4111 1111 1111 1111", 422);

        PrometheusScrape s = PrometheusScrape.awaitServed(PolicyMetricsTest::scrape, java.time.Duration.ofSeconds(30),
                "kafka_consumer_fetch_manager_records_lag_max", "client_id", "kafka-consumer-requests-in");

        assertFalse(MetricsDoc.load().namesFor(PolicyMetrics.SERVICE).isEmpty());
        for (String name : MetricsDoc.load().namesFor(PolicyMetrics.SERVICE)) {
            assertTrue(MetricsDoc.served(s, name), name + " is in docs/metrics.md but not served");
        }
    }

    @Test
    void noBodyOrNumberAppearsAnywhereInTheScrape() {
        String body = dev.sealedsms.testsupport.Canary.text("canary-body-");
        String number = newNumber();
        String id = send(number, body, 202);
        // A path with a number in it must not become a label either.
        given().header("Authorization", "Bearer " + KEY).get("/v1/messages/" + number.substring(1));

        String text = scrape().text();

        assertFalse(text.contains(body), "body in the scrape");
        assertFalse(text.contains(number.substring(1)), "number in the scrape");
        assertFalse(text.contains(id), "message id (unbounded) in the scrape");
    }

    private static String send(String to, String body, int expected) {
        return given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":\"" + to + "\",\"from\":\"ACME\",\"body\":\"" + body + "\"}")
                .when().post("/v1/messages").then().statusCode(expected).extract().path("messageId");
    }

    private static String newNumber() {
        return "+4474009" + ThreadLocalRandom.current().nextInt(10000, 99999);
    }

    private static PrometheusScrape scrape() {
        return PrometheusScrape.parse(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
