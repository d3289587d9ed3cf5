package dev.sealedsms.policy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.AuditRecord;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Templates over HTTP against a real broker. The %test policy gives tenant acme the templates
 * {@code otp} and {@code order}, and client {@code templated} (key "test-key-templated") is
 * restricted to them.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class TemplateSendTest {

    private static final String TEMPLATED = "test-key-templated";
    private static final String WEB = "test-key-acme";

    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());

    @Test
    void theRenderedBodyIsWhatGoesToApproved() {
        String id = as(TEMPLATED).body(otp("+447400123150", "\"code\":\"20261124\""))
                .when().post("/v1/messages")
                .then().statusCode(202).body("segments", equalTo(1)).extract().path("messageId");

        ApprovedMessage approved = EventJson.read(kafka.await(Topics.APPROVED, id).value(), ApprovedMessage.class);
        assertEquals("Your ACME code is 20261124. Do not share it.", approved.body());
        AuditRecord audit = EventJson.read(kafka.await(Topics.AUDIT, id).value(), AuditRecord.class);
        assertTrue(audit.rulesEvaluated().contains("template"), audit.rulesEvaluated().toString());
        // Tenant acme sets no quietHours: the rule is off and the audit record does not claim it ran.
        assertFalse(audit.rulesEvaluated().contains("quiet-hours"), audit.rulesEvaluated().toString());
    }

    @Test
    void aRestrictedClientSendingFreeTextGetsTemplateRequired() {
        as(TEMPLATED).body("{\"to\":\"+447400123151\",\"from\":\"ACME\",\"body\":\"Your ACME code is 1234\"}")
                .when().post("/v1/messages")
                .then().statusCode(422).body("reason", equalTo("TEMPLATE_REQUIRED"))
                .body("type", equalTo("https://sealedsms.dev/problems/template-required"));
        as(WEB).body("{\"to\":\"+447400123151\",\"from\":\"ACME\",\"body\":\"Your ACME code is 1234\"}")
                .when().post("/v1/messages").then().statusCode(202);
    }

    @Test
    void anUnknownTemplateOrABadValueIsRefusedWithoutQuotingIt() {
        as(TEMPLATED).body("{\"to\":\"+447400123152\",\"from\":\"ACME\",\"template\":{\"name\":\"nope\",\"values\":{}}}")
                .when().post("/v1/messages")
                .then().statusCode(422).body("reason", equalTo("TEMPLATE_UNKNOWN"));
        as(TEMPLATED).body(otp("+447400123152", "\"code\":\"12x4-canary\""))
                .when().post("/v1/messages")
                .then().statusCode(422).body("reason", equalTo("TEMPLATE_VALUE_INVALID"))
                .body("detail", containsString("'code'"))
                .body(not(containsString("canary")));
    }

    @Test
    void aTemplateAndABodyTogetherOrATemplateWithoutNameAreBadRequests() {
        as(WEB).body("{\"to\":\"+447400123153\",\"from\":\"ACME\",\"body\":\"x\","
                        + "\"template\":{\"name\":\"otp\",\"values\":{\"code\":\"1234\"}}}")
                .when().post("/v1/messages")
                .then().statusCode(400).body("reason", equalTo("FIELD_INVALID"));
        as(WEB).body("{\"to\":\"+447400123153\",\"from\":\"ACME\",\"template\":{\"values\":{}}}")
                .when().post("/v1/messages")
                .then().statusCode(400).body("reason", equalTo("FIELD_MISSING"))
                .body("detail", containsString("template.name"));
    }

    @Test
    void batchItemsMayBeTemplates() {
        List<Integer> statuses = as(TEMPLATED).body("{\"messages\":[" + otp("+447400123154", "\"code\":\"1234\"") + ","
                        + "{\"to\":\"+447400123154\",\"from\":\"ACME\",\"template\":{\"name\":\"order\",\"values\":"
                        + "{\"name\":\"Ann\",\"amount\":\"12.50\",\"date\":\"2026-02-30\"}}}]}")
                .when().post("/v1/messages:batch")
                .then().statusCode(200).extract().path("results.status");

        assertEquals(List.of(202, 422), statuses);
    }

    @Test
    void theDryRunRendersAndChecksATemplate() {
        as("test-key-admin").body("{\"clientId\":\"templated\",\"to\":\"+447400123155\",\"from\":\"ACME\","
                        + "\"template\":{\"name\":\"order\",\"values\":{\"name\":\"Ann\",\"amount\":\"12.50\","
                        + "\"date\":\"2026-12-01\"}}}")
                .when().post("/v1/policy:evaluate")
                .then().statusCode(200).body("outcome", equalTo("APPROVED"))
                .body(not(containsString("Ann")));
    }

    private static String otp(String to, String values) {
        return "{\"to\":\"" + to + "\",\"from\":\"ACME\",\"template\":{\"name\":\"otp\",\"values\":{" + values + "}}}";
    }

    private static RequestSpecification as(String key) {
        return given().urlEncodingEnabled(false).header("Authorization", "Bearer " + key)
                .contentType("application/json");
    }
}
