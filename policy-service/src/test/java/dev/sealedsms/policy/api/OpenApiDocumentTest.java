package dev.sealedsms.policy.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sealedsms.testsupport.SealedInfrastructureResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed OpenAPI document is the served one: an API change without its contract fails
 * here. To update the file, run this test with -Dsealed.openapi.write=true.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class OpenApiDocumentTest {

    private static final Path COMMITTED = Path.of("openapi/openapi.yaml");

    @Test
    void theCommittedDocumentMatchesTheServedOne() throws IOException {
        String served = given().accept("application/yaml").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();

        if (Boolean.getBoolean("sealed.openapi.write")) {
            Files.writeString(COMMITTED, served);
        }
        assertEquals(Files.readString(COMMITTED), served,
                "openapi/openapi.yaml is stale: rerun with -Dsealed.openapi.write=true and commit it");
    }
}
