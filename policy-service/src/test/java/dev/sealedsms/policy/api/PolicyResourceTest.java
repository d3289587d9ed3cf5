package dev.sealedsms.policy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.config.ActivePolicy;
import dev.sealedsms.policy.rules.PolicyEngine;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Roles on every endpoint, and the policy dry run, against a real Kafka broker. The %test policy
 * (src/test/resources/policy-test.yaml) has a sender, an admin and an auditor in tenant acme, and
 * an admin in tenant globex.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class PolicyResourceTest {

    private static final String SENDER = "test-key-acme";
    private static final String SENDER_NEXT = "test-key-acme-next";
    private static final String ADMIN = "test-key-admin";
    private static final String AUDITOR = "test-key-auditor";
    private static final String OTHER_TENANT_ADMIN = "test-key-other-admin";
    private static final String MESSAGE = "{\"to\":\"+447400123140\",\"from\":\"ACME\",\"body\":\"hello\"}";

    @Inject
    ActivePolicy policy;

    @Test
    void onlySendersSendSingleOrBatch() {
        for (String key : List.of(ADMIN, AUDITOR)) {
            as(key).body(MESSAGE).when().post("/v1/messages")
                    .then().statusCode(403).contentType(containsString(Problem.MEDIA_TYPE))
                    .body("reason", equalTo("ROLE_NOT_ALLOWED"))
                    .body("type", equalTo("https://sealedsms.dev/problems/role-not-allowed"));
            as(key).body("{\"messages\":[" + MESSAGE + "]}").when().post("/v1/messages:batch")
                    .then().statusCode(403).body("reason", equalTo("ROLE_NOT_ALLOWED"));
        }
        as(SENDER).body(MESSAGE).when().post("/v1/messages").then().statusCode(202);
    }

    @Test
    void aRotatedInKeyAndTheTenantsSenderIdsWork() {
        as(SENDER_NEXT).body("{\"to\":\"+447400123141\",\"from\":\"ACMEINFO\",\"body\":\"hi\"}")
                .when().post("/v1/messages").then().statusCode(202);
    }

    @Test
    void onlyAdminsAndAuditorsEvaluate() {
        String request = evaluate("web", "+447400123142", "ACME", "hello");
        as(SENDER).body(request).when().post("/v1/policy:evaluate")
                .then().statusCode(403).body("reason", equalTo("ROLE_NOT_ALLOWED"));
        given().urlEncodingEnabled(false).contentType("application/json").body(request)
                .when().post("/v1/policy:evaluate").then().statusCode(401).body("reason", equalTo("UNAUTHENTICATED"));
        for (String key : List.of(ADMIN, AUDITOR)) {
            as(key).body(request).when().post("/v1/policy:evaluate").then().statusCode(200)
                    .body("outcome", equalTo("APPROVED"));
        }
    }

    @Test
    void anotherTenantsClientCannotBeEvaluatedAndLooksUnknown() {
        String request = evaluate("web", "+447400123143", "ACME", "hello");
        String unknown = evaluate("nobody", "+447400123143", "ACME", "hello");

        String other = as(OTHER_TENANT_ADMIN).body(request).when().post("/v1/policy:evaluate")
                .then().statusCode(400).body("reason", equalTo("FIELD_INVALID")).extract().path("detail");
        String none = as(ADMIN).body(unknown).when().post("/v1/policy:evaluate")
                .then().statusCode(400).body("reason", equalTo("FIELD_INVALID")).extract().path("detail");
        assertEquals(none, other);
    }

    @Test
    void anApprovalListsEveryRuleEvaluatedAndNoneFired() {
        var r = as(AUDITOR).body(evaluate("web", "+447400123144", "ACME", "Your code is 1234"))
                .when().post("/v1/policy:evaluate")
                .then().statusCode(200)
                .body("outcome", equalTo("APPROVED"))
                .body("reason", nullValue())
                .body("policyVersion", equalTo(policy.current().version()))
                .body("clientId", equalTo("web")).body("tenant", equalTo("acme"))
                .body("segments", equalTo(1)).body("encoding", equalTo("GSM7"))
                .body("rules.rule", equalTo(PolicyEngine.RULES))
                .extract();

        // Tenant acme sets only countries and senders: rules without parameters do not run; those with a
        // careful default (number type, bidi controls, links) do.
        List<String> run = List.of("recipient-e164", "number-type", "country-allowed", "sender-allowed", "template",
                "body-not-empty", "bidi-controls", "sensitive-data", "link-allow-list", "max-segments", "consent");
        assertEquals(PolicyEngine.RULES.stream().map(run::contains).toList(), r.path("rules.evaluated"));
        assertEquals(PolicyEngine.RULES.stream().map(x -> false).toList(), r.path("rules.fired"));
    }

    @Test
    void aRejectionNamesTheRuleThatFiredAndWhatWasNotEvaluated() {
        var r = as(ADMIN).body(evaluate("web", "+447400123145", "ACME", "card 4111 1111 1111 1111"))
                .when().post("/v1/policy:evaluate")
                .then().statusCode(200)
                .body("outcome", equalTo("REJECTED"))
                .body("reason", equalTo("SENSITIVE_CARD_NUMBER"))
                .body(not(containsString("4111")))
                .body(not(containsString("447400123145")))
                .extract();

        List<String> rules = r.path("rules.rule");
        List<Boolean> fired = r.path("rules.fired");
        List<Boolean> evaluated = r.path("rules.evaluated");
        int at = rules.indexOf("sensitive-data");
        for (int i = 0; i < rules.size(); i++) {
            assertEquals(i == at, fired.get(i), rules.get(i));
            if (i > at) {
                assertFalse(evaluated.get(i), rules.get(i));
            }
        }
        assertEquals(true, evaluated.get(at));
        as(ADMIN).body(evaluate("web", "+447400123145", "NOTOURS", "hi")).when().post("/v1/policy:evaluate")
                .then().statusCode(200).body("reason", equalTo("SENDER_NOT_ALLOWED"));
    }

    @Test
    void aRuleTheTenantSwitchedOffIsNotEvaluated() {
        var r = as(OTHER_TENANT_ADMIN)
                .body(evaluate("globex-admin", "+33612345678", "GLOBEX", "card 4111 1111 1111 1111"))
                .when().post("/v1/policy:evaluate")
                .then().statusCode(200).body("outcome", equalTo("APPROVED")).extract();

        List<String> rules = r.path("rules.rule");
        List<Boolean> evaluated = r.path("rules.evaluated");
        assertFalse(evaluated.get(rules.indexOf("sensitive-data")));
        assertEquals(true, evaluated.get(rules.indexOf("country-allowed")));
    }

    @Test
    void aBadRequestIsAProblemAsOnTheSendEndpoint() {
        as(ADMIN).body("{\"clientId\":\"web\",\"to\":\"+447400123146\",\"from\":\"ACME\"}")
                .when().post("/v1/policy:evaluate")
                .then().statusCode(400).body("reason", equalTo("FIELD_MISSING")).body("detail", containsString("'body'"));
        as(ADMIN).body("{\"to\":\"+447400123146\",\"from\":\"ACME\",\"body\":\"x\"}")
                .when().post("/v1/policy:evaluate")
                .then().statusCode(400).body("reason", equalTo("FIELD_MISSING"))
                .body("detail", containsString("'clientId'"));
    }

    @Test
    void aDryRunWritesNothingToKafka() {
        String canary = dev.sealedsms.testsupport.Canary.text("dry-run-canary-");
        as(ADMIN).body(evaluate("web", "+447400123947", "ACME", canary)).when().post("/v1/policy:evaluate")
                .then().statusCode(200).body("outcome", equalTo("APPROVED"));
        as(ADMIN).body(evaluate("web", "+447400123947", "NOTOURS", canary)).when().post("/v1/policy:evaluate")
                .then().statusCode(200).body("outcome", equalTo("REJECTED"));
        // A real message sent after the dry runs: once it is on every topic, anything they wrote would be too.
        String marker = as(SENDER).body("{\"to\":\"+447400123948\",\"from\":\"ACME\",\"body\":\"marker\"}")
                .when().post("/v1/messages").then().statusCode(202).extract().path("messageId");
        TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());
        for (String topic : List.of(Topics.APPROVED, Topics.RECEIPTS, Topics.AUDIT)) {
            kafka.await(topic, marker);
            for (ConsumerRecord<String, byte[]> r : kafka.readAll(topic)) {
                String value = new String(r.value(), StandardCharsets.UTF_8);
                assertFalse(value.contains(canary), topic + " holds a dry run");
                assertFalse(value.contains("447400123947"), topic + " holds a dry run");
            }
        }
    }

    private static String evaluate(String clientId, String to, String from, String body) {
        return "{\"clientId\":\"" + clientId + "\",\"to\":\"" + to + "\",\"from\":\"" + from + "\",\"body\":\"" + body
                + "\",\"clientReference\":\"eval-1\"}";
    }

    private static RequestSpecification as(String key) {
        // Send ':' as clients do; the router does not decode %3A.
        return given().urlEncodingEnabled(false).header("Authorization", "Bearer " + key)
                .contentType("application/json");
    }
}
