package dev.sealedsms.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Within a major version only compatible changes (docs/contract.md): each schema is checked against
 * its released copy in {@code src/test/resources/schemas-baseline/}, and the checker itself is shown
 * to catch each kind of incompatible change.
 */
class SchemaCompatibilityTest {

    private static final Path BASELINE = ContractEvent.repositoryRoot().resolve("events/src/test/resources/schemas-baseline");
    private static final String SCHEMAS = "events/src/main/resources/schemas";

    @ParameterizedTest
    @EnumSource(ContractEvent.class)
    void everySchemaIsCompatibleWithItsReleasedBaseline(ContractEvent type) throws IOException {
        JsonNode baseline = baseline(type);

        List<String> problems = SchemaCompatibility.problems(baseline, type.schema());

        assertTrue(problems.isEmpty(), type.fileName() + " breaks v" + ContractEvent.MAJOR_VERSION
                + " (docs/contract.md):\n  " + String.join("\n  ", problems)
                + "\nAn incompatible change is a new major version: " + type.schemaName + ".v"
                + (ContractEvent.MAJOR_VERSION + 1) + ".json beside this one.");
    }

    @ParameterizedTest
    @EnumSource(ContractEvent.class)
    void everyCompatibleChangeIsRecordedInTheBaseline(ContractEvent type) throws IOException {
        JsonNode baseline = baseline(type);

        // The baseline must follow every compatible change, or a later removal of the new property
        // would go unnoticed.
        assertEquals(baseline, type.schema(), type.fileName() + " changed compatibly but its baseline was not updated: "
                + "cp " + SCHEMAS + "/" + type.fileName() + " " + root(BASELINE) + "/");
    }

    @Test
    void addingAnOptionalPropertyOrRewordingIsCompatible() {
        ObjectNode current = receipt();
        ((ObjectNode) current.get("properties")).putObject("notBefore").put("type", "string").put("format", "date-time");
        ((ObjectNode) current.at("/properties/carrier")).put("description", "reworded");

        assertEquals(List.of(), SchemaCompatibility.problems(receipt(), current));
    }

    @Test
    void removingAPropertyIsIncompatible() {
        ObjectNode current = receipt();
        ((ObjectNode) current.get("properties")).remove("carrier");

        assertProblem(current, "/carrier: property removed");
    }

    @Test
    void changingAPropertysTypeIsIncompatible() {
        ObjectNode current = receipt();
        ((ObjectNode) current.at("/properties/segments")).put("type", "string");

        assertProblem(current, "/segments: type changed from \"integer\" to \"string\"");
    }

    @Test
    void requiringANewPropertyIsIncompatible() {
        ObjectNode current = receipt();
        ((ObjectNode) current.get("properties")).putObject("notBefore").put("type", "string");
        ((ArrayNode) current.get("required")).add("notBefore");

        assertProblem(current, "'notBefore' became required");
    }

    @Test
    void makingARequiredPropertyOptionalIsIncompatible() {
        ObjectNode current = receipt();
        ArrayNode required = (ArrayNode) current.get("required");
        for (int i = 0; i < required.size(); i++) {
            if (required.get(i).asText().equals("occurredAt")) {
                required.remove(i);
            }
        }

        assertProblem(current, "'occurredAt' is no longer required");
    }

    @Test
    void removingOrAddingAnEnumValueIsIncompatible() {
        ObjectNode removed = receipt();
        ((ArrayNode) removed.at("/properties/status/enum")).remove(6); // FAILED
        ObjectNode added = receipt();
        ((ArrayNode) added.at("/properties/status/enum")).add("QUEUED");

        assertProblem(removed, "enum value(s) removed [FAILED]");
        assertProblem(added, "enum value(s) added [QUEUED]");
    }

    @Test
    void closingTheSchemaToAdditionalPropertiesIsIncompatible() {
        ObjectNode current = receipt();
        current.put("additionalProperties", false);

        assertProblem(current, "additionalProperties changed from true to false");
    }

    @Test
    void aChangeDeepInsideANestedObjectIsFound() {
        JsonNode baseline = ContractEvent.MESSAGE_REQUEST.schema();
        ObjectNode current = baseline.deepCopy();
        ((ObjectNode) current.at("/properties/template/properties")).remove("values");

        List<String> problems = SchemaCompatibility.problems(baseline, current);

        assertEquals(List.of("/template/values: property removed (never remove or rename within a major version)"),
                problems);
    }

    @Test
    void bumpingTheSchemaVersionConstIsIncompatible() {
        ObjectNode current = receipt();
        ((ObjectNode) current.at("/properties/schemaVersion")).put("const", 2);

        assertProblem(current, "/schemaVersion: const changed from 1 to 2");
    }

    private static void assertProblem(JsonNode current, String expected) {
        List<String> problems = SchemaCompatibility.problems(receipt(), current);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing <" + expected + ">, got " + problems);
    }

    private static ObjectNode receipt() {
        return (ObjectNode) ContractEvent.RECEIPT.schema().deepCopy();
    }

    private static JsonNode baseline(ContractEvent type) throws IOException {
        Path file = BASELINE.resolve(type.fileName());
        assertTrue(Files.isRegularFile(file), "no released baseline " + root(file) + " for " + type.fileName()
                + ": a new schema is released by copying it there (cp " + SCHEMAS + "/" + type.fileName() + " "
                + root(BASELINE) + "/)");
        return EventJson.mapper().readTree(file.toFile());
    }

    private static Path root(Path p) {
        return ContractEvent.repositoryRoot().relativize(p);
    }
}
