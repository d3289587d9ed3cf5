package dev.sealedsms.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Validates rendered objects offline: built-in kinds with kubernetes-validate in strict mode
 * (unknown fields are errors) against each Kubernetes version in {@link Tools#KUBE_VERSIONS};
 * Strimzi, KEDA and Prometheus Operator kinds with the CRD schemas of the @kubernetes-models
 * packages (src/test/resources/validate-crds.mjs). An object whose kind neither knows is an error.
 */
final class ManifestValidator {

    /** API groups whose objects are custom resources. */
    static final Set<String> CRD_GROUPS = Set.of("kafka.strimzi.io", "keda.sh", "monitoring.coreos.com");

    private ManifestValidator() {
    }

    /** Problems found, one line each; empty when every object is valid. */
    static List<String> problems(List<JsonNode> docs) {
        try {
            Path dir = Files.createTempDirectory("deploy-check-manifests");
            List<String> builtIn = new ArrayList<>();
            List<String> custom = new ArrayList<>();
            int i = 0;
            for (JsonNode doc : docs) {
                String file = String.format("%03d-%s-%s.json", i++, doc.path("kind").asText("unknown"),
                        Chart.name(doc).replaceAll("[^a-zA-Z0-9.-]", "_"));
                Path path = dir.resolve(file);
                Chart.JSON.writeValue(path.toFile(), doc);
                (isCustom(doc) ? custom : builtIn).add(path.toString());
            }
            List<String> problems = new ArrayList<>();
            if (!builtIn.isEmpty()) {
                for (String version : Tools.KUBE_VERSIONS) {
                    List<String> cmd = new ArrayList<>(List.of(Tools.kubernetesValidate().toString(),
                            "--strict", "--quiet", "-k", version));
                    cmd.addAll(builtIn);
                    Tools.Run run = Tools.run(cmd);
                    // kubernetes-validate exits 0 on a kind it has no schema for and only warns:
                    // every WARN or ERROR line is a problem here.
                    run.output().lines()
                            .filter(l -> l.startsWith("ERROR") || l.startsWith("WARN"))
                            .forEach(l -> problems.add("k8s " + version + ": " + l));
                    if (!run.ok() && problems.isEmpty()) {
                        problems.add("kubernetes-validate failed (" + run.exitCode() + "):\n" + run.output());
                    }
                }
            }
            if (!custom.isEmpty()) {
                List<String> cmd = new ArrayList<>(List.of(Tools.node(), script().toString(), Tools.k8sModels().toString()));
                cmd.addAll(custom);
                Tools.Run run = Tools.run(cmd);
                run.output().lines().filter(l -> l.startsWith("INVALID")).forEach(l -> problems.add("crd: " + l));
                if (!run.ok() && problems.isEmpty()) {
                    problems.add("CRD validation failed (" + run.exitCode() + "):\n" + run.output());
                }
            }
            deleteTree(dir);
            return problems;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isCustom(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        return slash > 0 && CRD_GROUPS.contains(apiVersion.substring(0, slash));
    }

    private static Path script() throws IOException {
        Path script = Files.createTempFile("validate-crds", ".mjs");
        try (var in = ManifestValidator.class.getResourceAsStream("/validate-crds.mjs")) {
            if (in == null) {
                throw new IllegalStateException("validate-crds.mjs is not on the test classpath");
            }
            Files.write(script, in.readAllBytes());
        }
        script.toFile().deleteOnExit();
        return script;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
