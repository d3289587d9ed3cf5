package dev.sealedsms.policy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.AuditRecord;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.config.ActivePolicy;
import dev.sealedsms.policy.config.PolicyVersion;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reload without restart, through the real poller: a good new document takes effect and decisions
 * record its version; a bad one is refused and the good one stays in force.
 */
@QuarkusTest
@TestProfile(PolicyReloadTest.WatchedCopy.class)
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class PolicyReloadTest {

    /**
     * The test policy, copied to a file this test may rewrite, polled every 200 ms. A fixed path:
     * Quarkus loads the profile in more than one class loader, and all must name the same file.
     */
    public static class WatchedCopy implements QuarkusTestProfile {

        static final Path FILE = Path.of("target/policy-reload-test/policy.yaml");

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(FILE.getParent());
                Files.copy(Path.of("src/test/resources/policy-test.yaml"), FILE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("sealed.policy.file", FILE.toString(), "sealed.policy.reload-interval", "PT0.2S");
        }
    }

    private static final String NEW_SENDER = "{\"to\":\"+447400123150\",\"from\":\"NEWSENDER\",\"body\":\"hi\"}";

    @Inject
    ActivePolicy policy;

    @Test
    void aGoodReloadTakesEffectAndABadOneIsRefused() throws Exception {
        String original = Files.readString(WatchedCopy.FILE);
        String before = policy.current().version();
        send(NEW_SENDER).then().statusCode(422).body("reason", equalTo("SENDER_NOT_ALLOWED"));

        // Given a new document that lets web use NEWSENDER
        String good = original.replace("senders: [ACME, Acme Bank]", "senders: [ACME, Acme Bank, NEWSENDER]");
        Files.writeString(WatchedCopy.FILE, good);
        String after = PolicyVersion.of(good.getBytes(StandardCharsets.UTF_8));
        awaitVersion(after);

        // Then decisions use it and record its version
        String id = send(NEW_SENDER).then().statusCode(202).extract().path("messageId");
        TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());
        assertEquals(after, EventJson.read(kafka.await(Topics.APPROVED, id).value(), ApprovedMessage.class)
                .policyVersion());
        assertEquals(after, EventJson.read(kafka.await(Topics.AUDIT, id).value(), AuditRecord.class).policyVersion());
        assertNotEquals(before, after);

        // When a bad document replaces it on disk
        Files.writeString(WatchedCopy.FILE, good.replace("role: sender", "role: superuser"));
        Thread.sleep(1_000); // five polls

        // Then the good policy stays in force
        assertEquals(after, policy.current().version());
        String again = send(NEW_SENDER).then().statusCode(202).extract().path("messageId");
        assertEquals(after, EventJson.read(kafka.await(Topics.AUDIT, again).value(), AuditRecord.class)
                .policyVersion());

        Files.writeString(WatchedCopy.FILE, original);
        awaitVersion(before);
    }

    private void awaitVersion(String version) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!policy.current().version().equals(version) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertEquals(version, policy.current().version(), "the poller did not load the new document");
    }

    private static io.restassured.response.Response send(String json) {
        return given().header("Authorization", "Bearer test-key-acme").contentType("application/json").body(json)
                .when().post("/v1/messages");
    }
}
