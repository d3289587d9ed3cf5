package dev.sealedsms.policy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.AuditRecord;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The HTTP front door against a real Kafka broker: what it answers and what it writes. */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class MessageResourceTest {

    /** The %test profile configures client "web" of tenant acme with the SHA-256 of this key. */
    private static final String KEY = "test-key-acme";

    @Test
    void acceptsAValidMessageAndWritesApprovedThenAccepted() {
        String body = dev.sealedsms.testsupport.Canary.text("canary-");

        String id = given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":\"+447400123123\",\"from\":\"ACME\",\"body\":\"" + body + "\",\"clientReference\":\"r-1\"}")
                .when().post("/v1/messages")
                .then().statusCode(202)
                .body("status", equalTo("ACCEPTED"))
                .body("segments", equalTo(1))
                .body("encoding", equalTo("GSM7"))
                .body("clientReference", equalTo("r-1"))
                .extract().path("messageId");

        ApprovedMessage approved = EventJson.read(await(Topics.APPROVED, id).value(), ApprovedMessage.class);
        assertEquals("acme", approved.tenant());
        assertEquals("web", approved.clientId());
        assertEquals("+447400123123", approved.recipient());
        assertEquals(body, approved.body());
        assertEquals("GB", approved.country());
        Receipt accepted = EventJson.read(await(Topics.RECEIPTS, id).value(), Receipt.class);
        assertEquals(ReceiptStatus.ACCEPTED, accepted.status());
        String receiptJson = new String(await(Topics.RECEIPTS, id).value(), StandardCharsets.UTF_8);
        assertFalse(receiptJson.contains(body));
        assertFalse(receiptJson.contains("447400123123"));
    }

    @Test
    void everyDecisionIsAuditedWithoutBodyOrNumber() {
        String body = "canary-audit-" + UUID.randomUUID();
        String accepted = given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":\"+447400123124\",\"from\":\"ACME\",\"body\":\"" + body
                        + "\",\"category\":\"marketing\",\"validityPeriod\":600}")
                .when().post("/v1/messages").then().statusCode(202).extract().path("messageId");
        String rejected = given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":\"+447400123124\",\"from\":\"ACME\",\"body\":\"card 4111 1111 1111 1111\"}")
                .when().post("/v1/messages").then().statusCode(422)
                .body("reason", equalTo("SENSITIVE_CARD_NUMBER")).extract().path("messageId");

        AuditRecord ok = EventJson.read(await(Topics.AUDIT, accepted).value(), AuditRecord.class);
        assertEquals(AuditRecord.APPROVED, ok.outcome());
        assertEquals(List.of(), ok.rulesFired());
        assertEquals(Category.MARKETING, ok.category());
        assertEquals("client:web", ok.principal());
        assertTrue(ok.policyVersion().startsWith("p-"), ok.policyVersion());
        AuditRecord no = EventJson.read(await(Topics.AUDIT, rejected).value(), AuditRecord.class);
        assertEquals(AuditRecord.REJECTED, no.outcome());
        assertEquals("SENSITIVE_CARD_NUMBER", no.reason());
        assertEquals(List.of("sensitive-data"), no.rulesFired());
        assertEquals(ok.policyVersion(), no.policyVersion());
        ApprovedMessage approved = EventJson.read(await(Topics.APPROVED, accepted).value(), ApprovedMessage.class);
        assertEquals(Category.MARKETING, approved.category());
        assertEquals(Duration.ofSeconds(600), Duration.between(approved.acceptedAt(), approved.notAfter()));
        for (String id : List.of(accepted, rejected)) {
            String json = new String(await(Topics.AUDIT, id).value(), StandardCharsets.UTF_8);
            assertFalse(json.contains(body));
            assertFalse(json.contains("447400123124"));
            assertFalse(json.contains("4111"));
        }
    }

    @Test
    void aBatchDecidesEachItemOnItsOwnAndWritesEachAccepted() {
        String items = "{\"messages\":["
                + "{\"to\":\"+447400123125\",\"from\":\"ACME\",\"body\":\"one\",\"clientReference\":\"a\"},"
                + "{\"to\":\"not-a-number\",\"from\":\"ACME\",\"body\":\"two\"},"
                + "{\"to\":\"+447400123126\",\"from\":\"ACME\"},"
                + "{\"to\":\"+447400123127\",\"from\":\"ACME\",\"body\":\"Καλημέρα\"}]}";

        var r = given().urlEncodingEnabled(false) // send ':' as clients do; the router does not decode %3A
                .header("Authorization", "Bearer " + KEY).contentType("application/json").body(items)
                .when().post("/v1/messages:batch")
                .then().statusCode(200)
                .body("accepted", equalTo(2)).body("rejected", equalTo(2))
                .body("results.index", equalTo(List.of(0, 1, 2, 3)))
                .body("results.status", equalTo(List.of(202, 422, 400, 202)))
                .body("results[0].clientReference", equalTo("a"))
                .body("results[1].reason", equalTo("RECIPIENT_NOT_E164"))
                .body("results[2].reason", equalTo("FIELD_MISSING"))
                .body("results[3].encoding", equalTo("UCS2"))
                .extract();

        for (int i : new int[] {0, 3}) {
            String id = r.path("results[" + i + "].messageId");
            assertEquals(id, await(Topics.APPROVED, id).key());
        }
    }

    @Test
    void aBatchOverTheLimitIsRefusedWhole() {
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (int i = 0; i <= MessageResource.MAX_BATCH; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"to\":\"+447400123128\",\"from\":\"ACME\",\"body\":\"x\"}");
        }
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body(sb.append("]}").toString())
                .when().post("/v1/messages:batch")
                .then().statusCode(400).body("reason", equalTo("FIELD_INVALID"));
    }

    @Test
    void rejectsAnUnknownCategoryOrValidity() {
        given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":\"+447400123123\",\"from\":\"ACME\",\"body\":\"x\",\"category\":\"spam\"}")
                .when().post("/v1/messages").then().statusCode(400).body("reason", equalTo("FIELD_INVALID"))
                .body("detail", containsString("'category'"));
        given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":\"+447400123123\",\"from\":\"ACME\",\"body\":\"x\",\"validityPeriod\":5}")
                .when().post("/v1/messages").then().statusCode(400).body("reason", equalTo("FIELD_INVALID"))
                .body("detail", containsString("'validityPeriod'"));
    }

    @Test
    void rejectsAMissingOrUnknownKeyWith401() {
        given().contentType("application/json").body("{\"to\":\"+447400123123\",\"from\":\"ACME\",\"body\":\"x\"}")
                .when().post("/v1/messages")
                .then().statusCode(401).body("reason", equalTo("UNAUTHENTICATED"))
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").contentType("application/json")
                .body("{\"to\":\"+447400123123\",\"from\":\"ACME\",\"body\":\"x\"}")
                .when().post("/v1/messages")
                .then().statusCode(401).body("reason", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void rejectsMalformedJsonWithoutEchoingIt() {
        given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":\"+447400123123\",\"body\":canary-in-json")
                .when().post("/v1/messages")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("reason", equalTo("MALFORMED_JSON"))
                .body(not(containsString("canary-in-json")))
                .body(not(containsString("447400123123")));
    }

    @Test
    void rejectsAMissingFieldNamingIt() {
        given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":\"+447400123123\",\"from\":\"ACME\"}")
                .when().post("/v1/messages")
                .then().statusCode(400).body("reason", equalTo("FIELD_MISSING"))
                .body("detail", containsString("'body'"));
    }

    @Test
    void rejectsAWrongTypeNamingTheField() {
        given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":[\"+447400123123\"],\"from\":\"ACME\",\"body\":\"x\"}")
                .when().post("/v1/messages")
                .then().statusCode(400).body("reason", equalTo("FIELD_INVALID"))
                .body(not(containsString("447400123123")));
    }

    @Test
    void aPolicyRejectionGets422WithAMessageIdAndARejectedReceipt() {
        String id = given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":\"+447400123123\",\"from\":\"NOTOURS\",\"body\":\"x\"}")
                .when().post("/v1/messages")
                .then().statusCode(422).body("reason", equalTo("SENDER_NOT_ALLOWED"))
                .body("type", equalTo("https://sealedsms.dev/problems/sender-not-allowed"))
                .body("messageId", notNullValue())
                .extract().path("messageId");

        Receipt rejected = EventJson.read(await(Topics.RECEIPTS, id).value(), Receipt.class);
        assertEquals(ReceiptStatus.REJECTED, rejected.status());
        assertEquals("SENDER_NOT_ALLOWED", rejected.reason());
    }

    private static ConsumerRecord<String, byte[]> await(String topic, String key) {
        return new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers()).await(topic, key);
    }

    @Test
    void twoAuthorizationOrIdempotencyKeyHeadersAreAmbiguousAndRefused() {
        String json = "{\"to\":\"+447400123160\",\"from\":\"ACME\",\"body\":\"hi\"}";
        given().header("Authorization", "Bearer " + KEY).header("Authorization", "Bearer other")
                .contentType("application/json").body(json)
                .when().post("/v1/messages")
                .then().statusCode(400).contentType("application/problem+json").body("reason", equalTo("HEADER_AMBIGUOUS"));
        given().header("Authorization", "Bearer " + KEY).header("Idempotency-Key", "a").header("Idempotency-Key", "b")
                .contentType("application/json").body(json)
                .when().post("/v1/messages")
                .then().statusCode(400).contentType("application/problem+json").body("reason", equalTo("HEADER_AMBIGUOUS"));
        // One of each is a request like any other.
        given().header("Authorization", "Bearer " + KEY).header("Idempotency-Key", "one")
                .contentType("application/json").body(json)
                .when().post("/v1/messages")
                .then().statusCode(202);
    }

    @Test
    void aMethodThePathDoesNotTakeIsAProblemToo() {
        given().header("Authorization", "Bearer " + KEY).contentType("application/json").body("{}")
                .when().put("/v1/messages")
                .then().statusCode(405).contentType("application/problem+json").body("reason", equalTo("METHOD_NOT_ALLOWED"));
    }
}
