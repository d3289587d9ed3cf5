package dev.sealedsms.policy.consent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitException;
import dev.sealedsms.envelope.TransitKeys;
import dev.sealedsms.events.CloudEvents;
import dev.sealedsms.events.Consent;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.OptOut;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.Poll;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consent rule against real Kafka and real OpenBao: a STOP on {@code sms.optouts} (as
 * dispatch-service writes it) or an API opt-out refuses the next message to that number with 422
 * RECIPIENT_OPTED_OUT, an opt-in restores it, per tenant, and no number leaks.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class ConsentTest {

    private static final String SENDER = "test-key-acme";
    private static final String ADMIN = "test-key-admin";
    private static final String AUDITOR = "test-key-auditor";
    private static final String GLOBEX_ADMIN = "test-key-other-admin";
    /** A STOP should take effect "within a few seconds". */
    private static final Duration EFFECT = Duration.ofSeconds(10);

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

    @Inject
    ConsentView view;

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
    void aStopFromDispatchRefusesTheNextMessageAndStartRestoresIt() {
        String number = uniqueGbMobile();
        given(SENDER).body(message(number)).post("/v1/messages").then().statusCode(202);

        // dispatch-service's token and record for a STOP MO: its own Vault token, source "mo".
        String token = hmac(infra.tokens().dispatch(), "acme", number);
        publishAsDispatch("acme", token, Consent.OPTED_OUT, "STOP");

        awaitStatus(number, 422);
        given(SENDER).body(message(number)).post("/v1/messages").then().statusCode(422)
                .body("reason", equalTo("RECIPIENT_OPTED_OUT"))
                .body("type", equalTo("https://sealedsms.dev/problems/recipient-opted-out"));

        publishAsDispatch("acme", token, Consent.OPTED_IN, "START");
        awaitStatus(number, 202);
    }

    @Test
    void consentIsOrderedByEventTimeAndNoForgedOrStaleRecordReSubscribesANumber() {
        // given a number that said STOP
        String number = uniqueGbMobile();
        String token = hmac(infra.tokens().dispatch(), "acme", number);
        String otherToken = hmac(infra.tokens().dispatch(), "acme", uniqueGbMobile());
        publishAsDispatch("acme", token, Consent.OPTED_OUT, "STOP");
        awaitStatus(number, 422);
        long skippedBefore = view.skippedRecords();

        // when records that would re-subscribe it arrive: each of issue 22's forms
        Instant now = Instant.now();
        String key = OptOut.key("acme", token);
        publish(key, EventJson.write(optIn(token, now.minus(Duration.ofHours(1))))); // dated before the STOP
        publish(key, EventJson.write(optIn(token, Instant.parse("9999-12-31T23:59:59Z")))); // far future
        publish(key, EventJson.write(optIn(token, now.plus(Duration.ofMinutes(10))))); // beyond the 5 minutes
        publish(key, null); // a tombstone
        String valid = new String(EventJson.write(optIn(token, now)), StandardCharsets.UTF_8);
        publish(key, valid.replace("\"OPTED_IN\"", "1").getBytes(StandardCharsets.UTF_8)); // consent: 1
        publish(key, valid.replace("\"OPTED_IN\"", "\"OPTED_IN\\u0000\"").getBytes(StandardCharsets.UTF_8));
        publish(OptOut.key("acme", otherToken), EventJson.write(optIn(token, now))); // the key of another token
        publish(key + "\n", EventJson.write(optIn(token, now))); // a newline-forged key
        int forms = 8;

        // then every one is skipped, the STOP holds, and the mis-keyed one set nothing for the other token
        await(() -> view.skippedRecords() >= skippedBefore + forms, "the ledger skipped all " + forms + " records");
        assertEquals(skippedBefore + forms, view.skippedRecords(), "exactly those records were skipped");
        assertEquals(Consent.OPTED_OUT, view.consentOf("acme", token));
        assertNull(view.consentOf("acme", otherToken));
        given(SENDER).body(message(number)).post("/v1/messages").then().statusCode(422)
                .body("reason", equalTo("RECIPIENT_OPTED_OUT"));

        // and a real START, dated now, still restores it
        publishAsDispatch("acme", token, Consent.OPTED_IN, "START");
        awaitStatus(number, 202);
    }

    private static OptOut optIn(String token, Instant occurredAt) {
        return new OptOut(OptOut.SCHEMA_VERSION, "acme", token, Consent.OPTED_IN, "START", "mo", "sim", occurredAt);
    }

    private void publish(String key, byte[] value) {
        kafka.produce(Topics.OPTOUTS, null, key, value,
                CloudEvents.headers(UUID.randomUUID().toString(), OptOut.TYPE, "dispatch-service", Instant.now()));
    }

    @Test
    void theApiRecordsAnOptOutAndAnOptInOnTheLedger() {
        String number = uniqueGbMobile();

        ExtractableResponse<Response> out = given(SENDER).body("{\"recipient\":\"" + number + "\"}")
                .post("/v1/optouts").then().statusCode(202)
                .body("tenant", equalTo("acme"))
                .body("consent", equalTo("OPTED_OUT"))
                .body("recipientToken", startsWith("vault:v"))
                .extract();
        String token = out.path("recipientToken");
        assertEquals(hmac(infra.tokens().dispatch(), "acme", number), token,
                "the API's token is the one dispatch writes for a STOP");
        assertFalse(out.asString().contains(number.substring(1)), "the answer never echoes the number");

        List<OptOut> recorded = kafka.awaitUntil(Topics.OPTOUTS, OptOut.key("acme", token), OptOut.class,
                l -> !l.isEmpty());
        OptOut event = recorded.getLast();
        assertEquals(Consent.OPTED_OUT, event.consent());
        assertEquals("api", event.source());
        assertNull(event.keyword());
        assertNull(event.carrier());
        ConsumerRecord<String, byte[]> record = kafka.await(Topics.OPTOUTS, OptOut.key("acme", token));
        assertEquals(OptOut.TYPE, CloudEvents.header(record.headers(), CloudEvents.TYPE));
        assertEquals("policy-service", CloudEvents.header(record.headers(), CloudEvents.SOURCE));

        awaitStatus(number, 422);

        // An admin of the tenant may record consent too; an auditor may not.
        given(AUDITOR).body("{\"recipient\":\"" + number + "\"}").post("/v1/optins").then().statusCode(403)
                .body("reason", equalTo("ROLE_NOT_ALLOWED"));
        given(ADMIN).body("{\"recipient\":\"" + number + "\"}").post("/v1/optins").then().statusCode(202)
                .body("consent", equalTo("OPTED_IN")).body("recipientToken", equalTo(token));
        awaitStatus(number, 202);
    }

    @Test
    void aBadNumberIsRefusedWithTheRecipientReason() {
        given(SENDER).body("{\"recipient\":\"07400 123123\"}").post("/v1/optouts").then().statusCode(422)
                .body("reason", equalTo("RECIPIENT_NOT_E164"));
        given(SENDER).body("{}").post("/v1/optouts").then().statusCode(400).body("reason", equalTo("FIELD_MISSING"));
        given("no-such-key").body("{\"recipient\":\"+447400123123\"}").post("/v1/optouts").then().statusCode(401);
    }

    @Test
    void anotherTenantsStopDoesNotBlock() {
        String number = uniqueGbMobile();

        given(GLOBEX_ADMIN).body("{\"recipient\":\"" + number + "\"}").post("/v1/optouts").then().statusCode(202)
                .body("tenant", equalTo("globex"));
        String globexToken = hmac(infra.tokens().policy(), "globex", number);
        await(() -> view.consentOf("globex", globexToken) == Consent.OPTED_OUT, "globex's opt-out in the view");

        given(SENDER).body(message(number)).post("/v1/messages").then().statusCode(202);
        assertTrue(!globexToken.equals(hmac(infra.tokens().policy(), "acme", number)),
                "tokens are per tenant key, so ledgers cannot collide");
    }

    @Test
    void theDryRunShowsTheConsentRuleFiring() {
        String number = uniqueGbMobile();
        given(SENDER).body("{\"recipient\":\"" + number + "\"}").post("/v1/optouts").then().statusCode(202);
        awaitStatus(number, 422);

        given(AUDITOR).body("{\"clientId\":\"web\",\"to\":\"" + number + "\",\"from\":\"ACME\",\"body\":\"hi\","
                + "\"category\":\"otp\"}")
                .post("/v1/policy:evaluate").then().statusCode(200)
                .body("outcome", equalTo("REJECTED"))
                .body("reason", equalTo("RECIPIENT_OPTED_OUT"))
                .body("rules.find { it.rule == 'consent' }.evaluated", equalTo(true))
                .body("rules.find { it.rule == 'consent' }.fired", equalTo(true));
    }

    @Test
    void aRefusalIsAuditedWithTheConsentRuleAndNoNumber() {
        String number = uniqueGbMobile();
        given(SENDER).body("{\"recipient\":\"" + number + "\"}").post("/v1/optouts").then().statusCode(202);
        awaitStatus(number, 422);

        String id = given(SENDER).body(message(number)).post("/v1/messages").then().statusCode(422)
                .extract().path("messageId");
        String audit = new String(kafka.await(Topics.AUDIT, id).value(), StandardCharsets.UTF_8);
        assertTrue(audit.contains("\"RECIPIENT_OPTED_OUT\""), audit);
        assertTrue(audit.contains("\"rulesFired\":[\"consent\"]"), audit);
        assertFalse(audit.contains(number.substring(1)), "no number in the audit record");
    }

    @Test
    void noNumberInLogsLedgerOrAnswers() {
        String number = uniqueGbMobile();
        String digits = number.substring(1);

        String a = given(SENDER).body("{\"recipient\":\"" + number + "\"}").post("/v1/optouts").then().statusCode(202)
                .extract().asString();
        awaitStatus(number, 422);
        String b = given(SENDER).body(message(number)).post("/v1/messages").then().statusCode(422).extract().asString();
        String c = given(SENDER).body("{\"recipient\":\"" + number + "\"}").post("/v1/optins").then().statusCode(202)
                .extract().asString();
        awaitStatus(number, 202);

        for (String answer : List.of(a, b, c)) {
            assertFalse(answer.contains(digits), "an answer holds the number: " + answer);
        }
        for (ConsumerRecord<String, byte[]> r : kafka.readAll(Topics.OPTOUTS)) {
            // A tombstone (another test plants one) has no value to hold anything.
            assertFalse(r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(digits),
                    "sms.optouts holds a number");
            assertFalse(r.key().contains(digits), "an sms.optouts key holds a number");
        }
        assertFalse(LOGGED.isEmpty(), "the log capture saw nothing; the canary would prove nothing");
        for (String line : LOGGED) {
            assertFalse(line.contains(digits), "a log line holds the number: " + line);
        }
    }

    @Test
    void thePolicyTokenMakesRecipientTokensButCannotCreateDataKeys() {
        try (TransitClient policy = transit(infra.tokens().policy())) {
            assertTrue(policy.hmac(TransitKeys.recipientKey("acme"), "+447400123123").startsWith("vault:v"));

            TransitException refused = org.junit.jupiter.api.Assertions.assertThrows(TransitException.class,
                    () -> policy.newDataKey(TransitKeys.dataKey("acme")));
            assertEquals(403, refused.httpStatus());
            TransitException noDecrypt = org.junit.jupiter.api.Assertions.assertThrows(TransitException.class,
                    () -> policy.decryptDataKey(TransitKeys.dataKey("acme"), "vault:v1:AAAA"));
            assertEquals(403, noDecrypt.httpStatus());
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static RequestSpecification given(String key) {
        return io.restassured.RestAssured.given().urlEncodingEnabled(false).header("Authorization", "Bearer " + key)
                .contentType("application/json").when();
    }

    private static String message(String to) {
        return "{\"to\":\"" + to + "\",\"from\":\"ACME\",\"body\":\"consent test\"}";
    }

    /** A valid UK mobile no other test uses: +44 7400 1xxxxx. */
    private static String uniqueGbMobile() {
        return "+447400" + (100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000));
    }

    private String hmac(String vaultToken, String tenant, String number) {
        try (TransitClient t = transit(vaultToken)) {
            return t.hmac(TransitKeys.recipientKey(tenant), number);
        }
    }

    private TransitClient transit(String vaultToken) {
        return new TransitClient(infra.vault().address(), vaultToken, "transit", Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    private void publishAsDispatch(String tenant, String token, Consent consent, String keyword) {
        OptOut event = new OptOut(OptOut.SCHEMA_VERSION, tenant, token, consent, keyword, "mo", "sim", Instant.now());
        kafka.produce(Topics.OPTOUTS, null, event.key(), EventJson.write(event),
                CloudEvents.headers(UUID.randomUUID().toString(), OptOut.TYPE, "dispatch-service", Instant.now()));
    }

    /** Sends messages to {@code number} until one gets {@code status}, within {@link #EFFECT}. */
    private static void awaitStatus(String number, int status) {
        await(() -> given(SENDER).body(message(number)).post("/v1/messages").statusCode() == status,
                "a message to the number answered " + status);
    }

    private static void await(BooleanSupplier condition, String what) {
        Poll.until(condition, EFFECT, what);
    }
}
