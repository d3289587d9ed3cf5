package dev.sealedsms.contractcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.KafkaBroker;
import dev.sealedsms.testsupport.RepoPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the worked examples of docs/analysts.md, exactly as the document shows them (the code blocks
 * marked {@code <!-- example: … -->}, with the test broker's address in place of 127.0.0.1:9092),
 * against a real KRaft broker holding {@link ReceiptsDataSet}, and checks their output: against
 * what was written, against figures computed by hand, and against the output the document shows.
 */
class AnalystExamplesIT {

    private static final String EXPECTED_RATES_CSV = """
            dimension,value,ended,delivered,delivery_rate
            carrier,(none),1,0,0.0000
            carrier,carrier-a,4,3,0.7500
            carrier,carrier-b,4,2,0.5000
            country,DE,3,1,0.3333
            country,FR,1,1,1.0000
            country,GB,5,3,0.6000
            """;

    private static KafkaBroker kafka;
    private static Path root;
    private static DocExamples doc;
    private static List<ReceiptsDataSet.Written> written;

    @BeforeAll
    static void receiptsOnARealBroker() throws Exception {
        root = RepoPaths.root();
        doc = new DocExamples(root.resolve("docs/analysts.md"));
        kafka = KafkaBroker.start(1);
        kafka.createTopics(List.of(Topics.RECEIPTS), 3);
        ReceiptsDataSet.produce(kafka.bootstrapServers(), Topics.RECEIPTS);
        written = ReceiptsDataSet.receipts();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void kcatPrintsEveryReceiptAsOneJsonLine() {
        AnalystTools.Run run = bash(doc.commandAgainst("kcat-receipts", kafka.bootstrapServers()));

        assertEquals(0, run.exitCode(), run.describe());
        List<String> lines = sorted(run.stdout().lines().toList());
        List<String> expected = sorted(written.stream().map(ReceiptsDataSet.Written::json).toList());
        assertEquals(expected, lines, "kcat printed other lines than the receipts written");
        lines.forEach(l -> assertEquals(Receipt.class, EventJson.read(l.getBytes(), Receipt.class).getClass()));
        assertNoPlaintext(run.stdout());
    }

    @Test
    void kcatWithKeysAndHeadersShowsTheMessageIdAndTheCloudEventsType() throws Exception {
        AnalystTools.Run run = bash(doc.commandAgainst("kcat-headers", kafka.bootstrapServers()));

        assertEquals(0, run.exitCode(), run.describe());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(2 * written.size(), lines.size(), run.stdout());
        for (int i = 0; i < lines.size(); i += 2) {
            String meta = lines.get(i);
            JsonNode receipt = EventJson.mapper().readTree(lines.get(i + 1));
            assertTrue(meta.startsWith("key=" + receipt.path("messageId").asText() + " "), meta);
            assertTrue(meta.contains("ce_type=" + Receipt.TYPE), meta);
            assertTrue(meta.matches(".*ce_source=(policy|crypto|dispatch)-service.*"), meta);
            assertTrue(meta.contains("ce_id="), meta);
        }
        assertNoPlaintext(run.stdout());
    }

    @Test
    void kcatFollowsOneMessageThroughItsLifecycleAsTheDocumentShows() {
        AnalystTools.Run run = bash(doc.commandAgainst("kcat-one-message", kafka.bootstrapServers()));

        assertEquals(0, run.exitCode(), run.describe());
        String expected = written.stream().filter(w -> w.key().equals("msg-03"))
                .map(w -> w.json() + "\n").reduce("", String::concat);
        assertEquals(expected, run.stdout(), "msg-03's receipts, in the order written");
        assertEquals(doc.output("kcat-one-message"), run.stdout(), "docs/analysts.md shows other output");
    }

    @Test
    void deliveryRateScriptPrintsTheRatePerCarrierAndCountryAsCsv() {
        AnalystTools.Run run = python(doc.commandAgainst("delivery-rate-csv", kafka.bootstrapServers()));

        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(EXPECTED_RATES_CSV, run.stdout());
        assertEquals(doc.output("delivery-rate-csv"), run.stdout(), "docs/analysts.md shows other output");
    }

    @Test
    void deliveryRateScriptPrintsATableAsTheDocumentShows() {
        AnalystTools.Run run = python(doc.commandAgainst("delivery-rate", kafka.bootstrapServers()));

        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(doc.output("delivery-rate"), run.stdout(), "docs/analysts.md shows other output");
        assertTrue(run.stdout().contains("carrier-a"), run.stdout());
    }

    @Test
    void deliveryRateScriptFailsClearlyWhenTheBrokerIsUnreachable() {
        String command = doc.commandAgainst("delivery-rate", "127.0.0.1:1") + " --timeout 3";

        AnalystTools.Run run = python(command);

        assertFalse(run.exitCode() == 0, run.describe());
    }

    private static AnalystTools.Run bash(String command) {
        AnalystTools.kcat();
        return AnalystTools.run(List.of("bash", "-o", "pipefail", "-c", command), root, Map.of());
    }

    /** The documented {@code python3 …} command with the analyst virtualenv's Python. */
    private static AnalystTools.Run python(String command) {
        assertTrue(command.startsWith("python3 "), "the example should start with python3: " + command);
        String python = AnalystTools.python().toString();
        return AnalystTools.run(List.of("bash", "-o", "pipefail", "-c", python + command.substring("python3".length())),
                root, Map.of());
    }

    private static void assertNoPlaintext(String output) {
        assertFalse(output.contains("+447400000000") || output.contains("447400000000"), "a number in the output");
        assertFalse(output.contains("not in any receipt"), "a body in the output");
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        String[] array = copy.toArray(String[]::new);
        Arrays.sort(array);
        return List.of(array);
    }
}
