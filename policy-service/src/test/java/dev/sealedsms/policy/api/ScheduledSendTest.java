package dev.sealedsms.policy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sealedsms.events.ApprovedMessage;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@code sendAt}: a scheduled message is accepted now and carries its hold time to the edge. */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class ScheduledSendTest {

    private static final String KEY = "test-key-acme";

    @Test
    void aScheduledMessageIsAcceptedWithItsSendTimeAndValidityRunsFromThere() {
        Instant sendAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

        String id = given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":\"+447400123140\",\"from\":\"ACME\",\"body\":\"see you at 10\",\"validityPeriod\":600,"
                        + "\"sendAt\":\"" + sendAt.atOffset(java.time.ZoneOffset.ofHours(2)) + "\"}")
                .when().post("/v1/messages")
                .then().statusCode(202)
                .body("status", equalTo("ACCEPTED"))
                .body("sendAt", equalTo(sendAt.toString()))
                .extract().path("messageId");

        ApprovedMessage approved = EventJson.read(await(Topics.APPROVED, id).value(), ApprovedMessage.class);
        assertEquals(sendAt, approved.notBefore());
        assertEquals(sendAt.plusSeconds(600), approved.notAfter(), "validity counts from the send time");
        Receipt accepted = EventJson.read(await(Topics.RECEIPTS, id).value(), Receipt.class);
        assertEquals(ReceiptStatus.ACCEPTED, accepted.status());
        assertEquals(sendAt, accepted.notBefore(), "analysts see that it is held");
    }

    @Test
    void aMessageWithoutSendAtIsNotHeld() {
        String id = given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"to\":\"+447400123141\",\"from\":\"ACME\",\"body\":\"now\"}")
                .when().post("/v1/messages")
                .then().statusCode(202).body("sendAt", equalTo(null))
                .extract().path("messageId");

        assertEquals(null, EventJson.read(await(Topics.APPROVED, id).value(), ApprovedMessage.class).notBefore());
    }

    @Test
    void aSendTimeWithoutAnOffsetOrTooFarAheadIsRefusedNamingTheField() {
        for (String bad : new String[] {"2026-11-25T09:00:00", "tomorrow", "\"+447400123142\"",
                "\"" + Instant.now().plus(Duration.ofDays(8)) + "\""}) {
            String value = bad.startsWith("\"") ? bad : "\"" + bad + "\"";
            given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                    .body("{\"to\":\"+447400123142\",\"from\":\"ACME\",\"body\":\"x\",\"sendAt\":" + value + "}")
                    .when().post("/v1/messages")
                    .then().statusCode(400)
                    .body("reason", equalTo("FIELD_INVALID"))
                    .body("detail", containsString("sendAt"))
                    .body("detail", org.hamcrest.Matchers.not(containsString("447400123142")));
        }
    }

    @Test
    void aBatchItemCanBeScheduled() {
        Instant sendAt = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        String id = given().urlEncodingEnabled(false)
                .header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"messages\":[{\"to\":\"+447400123143\",\"from\":\"ACME\",\"body\":\"later\",\"sendAt\":\""
                        + sendAt + "\"},{\"to\":\"+447400123144\",\"from\":\"ACME\",\"body\":\"now\"}]}")
                .when().post("/v1/messages:batch")
                .then().statusCode(200)
                .body("results[0].sendAt", equalTo(sendAt.toString()))
                .body("results[1].sendAt", equalTo(null))
                .extract().path("results[0].messageId");

        assertEquals(sendAt, EventJson.read(await(Topics.APPROVED, id).value(), ApprovedMessage.class).notBefore());
    }

    private static ConsumerRecord<String, byte[]> await(String topic, String key) {
        return new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers()).await(topic, key);
    }
}
