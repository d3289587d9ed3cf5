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
        assertTrue(run.stdout().contains("VALID: 12 channels"), run.describe());
        assertFalse(run.stdout().contains("warning "), "the parser warns:\n" + run.stdout());
    }

    @Test
    void theParserRefusesADanglingSchemaRefAndABadOperation() throws IOException {
        // Beside the original, so that its relative $refs to the events module still resolve.
        Path broken = root.resolve("docs/asyncapi-broken-" + ProcessHandle.current().pid() + ".yaml");
        String text = Files.readString(root.resolve("docs/asyncapi.yaml"))
                .replace("schemas/receipt.v1.json", "schemas/receipt.v9.json")
                .replace("action: receive", "action: subscribe");
        Files.writeString(broken, text);
        try {
            AnalystTools.Run run = validate(broken);

            assertEquals(1, run.exitCode(), run.describe());
            assertTrue(run.stdout().contains("receipt.v9.json"), run.describe());
            assertTrue(run.stdout().contains("\"action\" property must be equal to one of the allowed values"),
                    run.describe());
        } finally {
            Files.deleteIfExists(broken);
        }
    }

    private static AnalystTools.Run validate(Path document) {
        Path script = Path.of("src/test/resources/asyncapi-validate.cjs").toAbsolutePath();
        return AnalystTools.run(List.of(AnalystTools.node().toString(), script.toString(), document.toString()),
                document.getParent(), Map.of("NODE_PATH", AnalystTools.asyncApiParserModules().toString()));
    }
}
