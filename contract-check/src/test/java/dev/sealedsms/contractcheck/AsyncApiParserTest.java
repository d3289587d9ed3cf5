package dev.sealedsms.contractcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.testsupport.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/asyncapi.yaml is a valid AsyncAPI 3 document by the official parser (@asyncapi/parser,
 * offline: the payload schemas are local files), which resolves every $ref and applies the
 * specification's JSON Schema and lint rules; and the same check refuses a broken document.
 * The structural checks against the code (every topic a channel, ce_type per record) are
 * {@code AsyncApiDocumentTest} in the events module.
 */
class AsyncApiParserTest {

    private final Path root = RepoPaths.root();

    @Test
    void theAsyncApiDocumentIsValidByTheOfficialParser() {
        AnalystTools.Run run = validate(root.resolve("docs/asyncapi.yaml"));

        assertEquals(0, run.exitCode(), run.describe());
        // As many channels as the document declares (AsyncApiDocumentTest ties them to the Topics class).
        long declared;
        try {
            declared = Files.readAllLines(root.resolve("docs/asyncapi.yaml")).stream()
                    .filter(l -> l.startsWith("    address: ")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(run.stdout().contains("VALID: " + declared + " channels"), run.describe());
        assertFalse(run.stdout().contains("warning "), "the parser warns:\n" + run.stdout());
    }

    @Test
    void theParserRefusesADanglingSchemaRefAndABadOperation(@TempDir Path copy) throws IOException {
        // A copy laid out like the repository, so that the relative $refs to the schemas resolve.
        Path schemas = root.resolve("events/src/main/resources/schemas");
        Path copiedSchemas = Files.createDirectories(copy.resolve("events/src/main/resources/schemas"));
        try (var files = Files.list(schemas)) {
            for (Path f : files.toList()) {
                Files.copy(f, copiedSchemas.resolve(f.getFileName()));
            }
        }
        Path broken = Files.createDirectories(copy.resolve("docs")).resolve("asyncapi.yaml");
        Files.writeString(broken, Files.readString(root.resolve("docs/asyncapi.yaml"))
                .replace("schemas/receipt.v1.json", "schemas/receipt.v9.json")
                .replace("action: receive", "action: subscribe"));

        AnalystTools.Run run = validate(broken);

        assertEquals(1, run.exitCode(), run.describe());
        assertTrue(run.stdout().contains("receipt.v9.json"), run.describe());
        assertTrue(run.stdout().contains("\"action\" property must be equal to one of the allowed values"),
                run.describe());
    }

    private static AnalystTools.Run validate(Path document) {
        Path script = Path.of("src/test/resources/asyncapi-validate.cjs").toAbsolutePath();
        return AnalystTools.run(List.of(AnalystTools.node().toString(), script.toString(), document.toString()),
                document.getParent(), Map.of("NODE_PATH", AnalystTools.asyncApiParserModules().toString()));
    }
}
