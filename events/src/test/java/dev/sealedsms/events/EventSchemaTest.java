package dev.sealedsms.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schemas under {@code src/main/resources/schemas/} describe what the services really
 * write: every sample event, serialised by {@link EventJson}, validates (draft 2020-12, formats
 * asserted); each schema names exactly its record's components; and no schema of a topic that
 * analysts or operators read has a property that could hold a body or a number.
 */
class EventSchemaTest {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    /** Property names that would hold message content or a phone number. */
    private static final Set<String> PLAINTEXT_NAMES = Set.of("body", "text", "content", "message", "recipient",
            "to", "from", "number", "phone", "phonenumber", "msisdn", "destination", "destinationaddress",
            "sourceaddress", "values", "template");

    static Stream<Arguments> samples() {
        return Arrays.stream(ContractEvent.values())
                .flatMap(e -> e.samples().stream().map(s -> Arguments.of(e, s)));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("samples")
    void everyEventAsWrittenValidatesAgainstItsSchema(ContractEvent type, Object event) throws IOException {
        JsonNode json = EventJson.mapper().readTree(EventJson.write(event));

        List<Error> errors = validator(type).validate(json);

        assertTrue(errors.isEmpty(), type.fileName() + " refuses " + event.getClass().getSimpleName() + ": " + errors);
    }

    @Test
    void aReceiptWithAStatusOutsideTheVocabularyIsInvalid() {
        ObjectNode receipt = asTree(ContractEvent.RECEIPT.samples().get(0));
        receipt.put("status", "LOST");

        assertFalse(validator(ContractEvent.RECEIPT).validate(receipt).isEmpty());
    }

    @Test
    void aReceiptWithoutItsTimeOrWithABadTimeIsInvalid() {
        ObjectNode missing = asTree(ContractEvent.RECEIPT.samples().get(0));
        missing.remove("occurredAt");
        ObjectNode malformed = asTree(ContractEvent.RECEIPT.samples().get(0));
        malformed.put("occurredAt", "yesterday");

        assertFalse(validator(ContractEvent.RECEIPT).validate(missing).isEmpty());
        assertFalse(validator(ContractEvent.RECEIPT).validate(malformed).isEmpty(), "date-time format is asserted");
    }

    @Test
    void aRequestNeedsExactlyOneOfBodyAndTemplate() {
        ObjectNode neither = asTree(ContractEvent.MESSAGE_REQUEST.samples().get(0));
        neither.putNull("body");
        ObjectNode both = asTree(ContractEvent.MESSAGE_REQUEST.samples().get(0));
        both.putObject("template").put("name", "otp");

        assertFalse(validator(ContractEvent.MESSAGE_REQUEST).validate(neither).isEmpty());
        assertFalse(validator(ContractEvent.MESSAGE_REQUEST).validate(both).isEmpty());
    }

    @Test
    void aNewerProducersExtraFieldIsValidV1() {
        ObjectNode receipt = asTree(ContractEvent.RECEIPT.samples().get(2));
        receipt.put("someFieldAddedInV1Point5", "x");

        assertTrue(validator(ContractEvent.RECEIPT).validate(receipt).isEmpty(),
                "v1 schemas must allow additional properties: adding an optional field is a compatible change");
    }

    @ParameterizedTest
    @EnumSource(ContractEvent.class)
    void schemaPropertiesMatchTheRecordExactly(ContractEvent type) {
        JsonNode schema = type.schema();
        List<String> problems = new ArrayList<>();
        compareProperties(schema, type.record, type.fileName(), problems);
        if (type.record == MessageRequest.class) {
            compareProperties(schema.at("/properties/template"), MessageRequest.Template.class,
                    type.fileName() + " /properties/template", problems);
        }

        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** All but sms.requests, sms.approved and the sealed content: the documented plaintext shapes. */
    static Stream<ContractEvent> withoutPlaintext() {
        return Arrays.stream(ContractEvent.values()).filter(e -> !e.plaintext);
    }

    @ParameterizedTest
    @MethodSource("withoutPlaintext")
    void schemasOfTopicsWithoutPlaintextHaveNoPropertyForABodyOrANumber(ContractEvent type) {
        List<String> found = new ArrayList<>();
        collectPropertyNames(type.schema(), "", found);

        List<String> offending = found.stream()
                .filter(p -> PLAINTEXT_NAMES.contains(p.substring(p.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT)))
                .toList();
        assertTrue(offending.isEmpty(), type.fileName() + " has properties that could hold a body or a number: "
                + offending);
    }

    @Test
    void thePlaintextCheckWouldCatchABodyOnTheReceiptsTopic() {
        ObjectNode schema = (ObjectNode) ContractEvent.RECEIPT.schema().deepCopy();
        ((ObjectNode) schema.get("properties")).putObject("body").put("type", "string");
        List<String> found = new ArrayList<>();

        collectPropertyNames(schema, "", found);

        assertTrue(found.contains("/body"), found.toString());
    }

    @Test
    void everySchemaFileIsAContractEvent() throws IOException {
        Path dir = ContractEvent.repositoryRoot().resolve("events/src/main/resources/schemas");
        Set<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> known = EnumSet.allOf(ContractEvent.class).stream().map(ContractEvent::fileName)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(known, files, "schema files and ContractEvent differ: add the new event type to ContractEvent");
    }

    @ParameterizedTest
    @EnumSource(ContractEvent.class)
    void schemaIdentifiesItsMajorVersion(ContractEvent type) {
        JsonNode schema = type.schema();

        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
        assertEquals("https://sealedsms.dev/schemas/" + type.fileName(), schema.path("$id").asText());
        if (type.ceType != null) {
            assertEquals(ContractEvent.MAJOR_VERSION, schema.at("/properties/schemaVersion/const").asInt(-1),
                    type.fileName() + ": schemaVersion must be the const of its major version");
            assertTrue(type.ceType.endsWith(".v" + ContractEvent.MAJOR_VERSION), type.ceType);
        }
    }

    /**
     * Names each property the record has and the schema lacks, and the reverse, one line each, so a
     * field added to a record on another branch shows up after a merge as exactly what to add.
     */
    private static void compareProperties(JsonNode schema, Class<?> record, String where, List<String> problems) {
        Set<String> schemaFields = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(schemaFields::add);
        Set<String> recordFields = new TreeSet<>();
        Arrays.stream(record.getRecordComponents()).forEach(c -> recordFields.add(c.getName()));
        for (String f : recordFields) {
            if (!schemaFields.contains(f)) {
                problems.add(where + " lacks property '" + f + "' of record " + record.getSimpleName()
                        + ": add it to events/src/main/resources/schemas (optional, unless every producer always "
                        + "writes it) and to events/src/test/resources/schemas-baseline");
            }
        }
        for (String f : schemaFields) {
            if (!recordFields.contains(f)) {
                problems.add(where + " has property '" + f + "' that record " + record.getSimpleName()
                        + " lacks: a v1 property is never removed (see docs/contract.md)");
            }
        }
        schema.path("required").forEach(r -> {
            if (!recordFields.contains(r.asText())) {
                problems.add(where + " requires '" + r.asText() + "' that record " + record.getSimpleName() + " lacks");
            }
        });
    }

    private static void collectPropertyNames(JsonNode schema, String path, List<String> out) {
        if (!schema.isObject()) {
            return;
        }
        schema.path("properties").fields().forEachRemaining(p -> {
            out.add(path + "/" + p.getKey());
            collectPropertyNames(p.getValue(), path + "/" + p.getKey(), out);
        });
        collectPropertyNames(schema.path("items"), path + "[]", out);
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            schema.path(combinator).forEach(s -> collectPropertyNames(s, path, out));
        }
    }

    private static Schema validator(ContractEvent type) {
        return REGISTRY.getSchema(type.schema());
    }

    private static ObjectNode asTree(Object event) {
        try {
            return (ObjectNode) EventJson.mapper().readTree(EventJson.write(event));
        } catch (IOException e) {
            fail(e);
            return null;
        }
    }
}
