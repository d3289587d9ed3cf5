package dev.sealedsms.policy.consent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.sealedsms.testsupport.FreePorts;
import dev.sealedsms.testsupport.SealedInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With Vault unreachable the consent of a new recipient cannot be checked: nothing is sent, the
 * answer is 503 UNAVAILABLE (never a send without the check), and nothing can be opted out either.
 */
@QuarkusTest
@TestProfile(ConsentVaultOutageTest.VaultDown.class)
class ConsentVaultOutageTest {

    /** Real Kafka; Vault at a port where nothing listens. */
    public static class VaultDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.bootstrap.servers", SealedInfrastructure.get().kafka().bootstrapServers(),
                    "sealed.vault.address", "http://127.0.0.1:" + FreePorts.next(),
                    "sealed.vault.token", "not-a-token",
                    "sealed.vault.open-timeout", "PT0.2S",
                    "sealed.vault.call-attempts", "1");
        }
    }

    @Test
    void aMessageIsRefusedWith503WhenConsentCannotBeChecked() {
        given().header("Authorization", "Bearer test-key-acme").contentType("application/json")
                .body("{\"to\":\"+447400123777\",\"from\":\"ACME\",\"body\":\"hi\"}")
                .when().post("/v1/messages")
                .then().statusCode(503).body("reason", equalTo("UNAVAILABLE"));
    }

    @Test
    void anOptOutIsRefusedWith503WhenVaultIsDown() {
        given().header("Authorization", "Bearer test-key-acme").contentType("application/json")
                .body("{\"recipient\":\"+447400123778\"}")
                .when().post("/v1/optouts")
                .then().statusCode(503).body("reason", equalTo("UNAVAILABLE"));
    }

    @Test
    void aDryRunAnswers503Too() {
        given().urlEncodingEnabled(false).header("Authorization", "Bearer test-key-admin")
                .contentType("application/json")
                .body("{\"clientId\":\"web\",\"to\":\"+447400123779\",\"from\":\"ACME\",\"body\":\"hi\"}")
                .when().post("/v1/policy:evaluate")
                .then().statusCode(503).body("reason", equalTo("UNAVAILABLE"));
    }
}
