package dev.sealedsms.simulator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.codec.Gsm7;
import dev.sealedsms.simulator.config.SimulatorConfig;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.TestEsme;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.Test;

/** The Quarkus wiring: the SMSC starts with the app, readiness follows it, stats count real SMPP traffic. */
@QuarkusTest
class SimulatorAppTest {

    @Inject
    Smsc smsc;

    @Inject
    SimulatorConfig config;

    @Test
    void readinessIsUpWhileTheSmscListens() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("smsc"));
    }

    @Test
    void statsCountASubmissionFromAnSmppClientWithoutShowingIt() throws Exception {
        long before = stats().getLong("submissions");

        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config.systemId(), config.password())) {
            esme.submit("SealedBank", "447700900100", 0, Gsm7.encode("one-time code 4821"), false);

            String body = given().get("/v1/stats").then().statusCode(200).extract().asString();
            JsonPath stats = JsonPath.from(body);
            assertEquals(before + 1, stats.getLong("submissions"));
            assertTrue(stats.getInt("activeSessions") >= 1, "the client is bound");
            assertTrue(stats.getLong("receiptsSent") >= 0);
            assertFalse(body.contains("447700900100") || body.contains("4821"), "no numbers or content");
        }
    }

    @Test
    void submissionsListCarrierIdsAndTimesWithoutNumbersOrContent() throws Exception {
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config.systemId(), config.password())) {
            String carrierId = esme.submit("SealedBank", "447700900101", 0, Gsm7.encode("one-time code 5932"), false);

            String body = given().get("/v1/submissions").then().statusCode(200).extract().asString();
            assertTrue(body.lines().anyMatch(l -> l.matches(java.util.regex.Pattern.quote(carrierId) + " \\d{16}")),
                    "a line for the submission: carrier id and epoch microseconds");
            assertFalse(body.contains("447700900101") || body.contains("5932"), "no numbers or content");
        }
    }

    @Test
    void dropClosesEveryConnectionAndTheSmscStillAcceptsNewBinds() throws Exception {
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config.systemId(), config.password())) {
            esme.submit("SealedBank", "447700900102", 0, Gsm7.encode("one-time code 1111"), false);

            int dropped = given().post("/v1/faults/drop").then().statusCode(200).extract().jsonPath().getInt("dropped");

            assertTrue(dropped >= 1, "at least this client's connection, was " + dropped);
            assertThrows(Exception.class,
                    () -> esme.submit("SealedBank", "447700900102", 0, Gsm7.encode("one-time code 2222"), false),
                    "the dropped link takes no more submits");
        }
        try (TestEsme again = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config.systemId(), config.password())) {
            assertFalse(again.submit("SealedBank", "447700900103", 0, Gsm7.encode("one-time code 3333"), false).isEmpty(),
                    "a new bind works at once");
        }
    }

    private static JsonPath stats() {
        return given().get("/v1/stats").then().statusCode(200).extract().jsonPath();
    }
}
