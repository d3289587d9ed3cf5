package dev.sealedsms.deploycheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The chart under deploy/helm/sealed-sms: rendering with helm and reading what it rendered. */
final class Chart {

    static final String RELEASE = "sealed";
    static final String PRODUCTION = "values-production.yaml";
    static final String STAGING = "values-staging.yaml";

    static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<List<String>, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Chart() {
    }

    /** The repository root: from -Dsealed.root, else the nearest parent holding deploy/helm. */
    static Path root() {
        String prop = System.getProperty("sealed.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "deploy/helm/sealed-sms"))) {
            return Path.of(prop).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/helm/sealed-sms"))) {
                return p;
            }
        }
        throw new IllegalStateException("deploy/helm/sealed-sms not found above " + Path.of("").toAbsolutePath());
    }

    static Path dir() {
        return root().resolve("deploy/helm/sealed-sms");
    }

    /** helm template with the given extra arguments (-f FILE, --set K=V); the command's result. */
    static Tools.Run template(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Tools.helm().toString(), "template", RELEASE, dir().toString(),
                "--namespace", "sealed-sms", "--kube-version", Tools.RENDER_KUBE_VERSION));
        for (String a : args) {
            // Values files are named relative to the chart.
            cmd.add(a.endsWith(".yaml") && !a.contains("/") ? dir().resolve(a).toString() : a);
        }
        return Tools.run(cmd);
    }

    /** Rendered objects for the given arguments; fails the test when helm refuses to render. */
    static List<JsonNode> render(String... args) {
        return RENDERED.computeIfAbsent(List.of(args), key -> {
            Tools.Run run = template(key);
            assertTrue(run.ok(), () -> "helm template " + key + " failed:\n" + run.output());
            return parse(run.output());
        });
    }

    static List<JsonNode> parse(String multiDocYaml) {
        try (var parser = YAML.getFactory().createParser(multiDocYaml)) {
            List<JsonNode> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && doc.isObject() && doc.size() > 0) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("rendered YAML does not parse", e);
        }
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static JsonNode named(List<JsonNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream()
                .filter(d -> name.equals(d.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " was rendered"));
    }

    static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }

    static String component(JsonNode doc) {
        return doc.path("metadata").path("labels").path("app.kubernetes.io/name").asText();
    }

    static ObjectNode copy(JsonNode doc) {
        return (ObjectNode) doc.deepCopy();
    }
}
