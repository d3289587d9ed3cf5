package dev.sealedsms.deploycheck;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The external tools of the check: helm, kubernetes-validate (PyPI, Kubernetes JSON schemas) and
 * the @kubernetes-models npm packages (CRD schemas), all pinned and installed by
 * {@code deploy/local/lib.sh} {@code sealed_ensure_deploy_tools} into {@code $SEALED_TOOLS_DIR}
 * (default {@code ~/.cache/sealed-sms/tools}). A missing tool fails the test, naming the install
 * command: the check must never pass by not running.
 */
final class Tools {

    static final String INSTALL_HINT =
            "run `source deploy/local/lib.sh && sealed_ensure_deploy_tools` from the repository root "
                    + "(.ci/run and ./sealed test do this)";

    /** Oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and the newest schemas we have. */
    static final List<String> KUBE_VERSIONS = List.of("1.29.0", "1.37.0");

    /** The version helm renders for (capabilities); inside the supported range. */
    static final String RENDER_KUBE_VERSION = "1.33.0";

    private Tools() {
    }

    static Path toolsDir() {
        String env = System.getenv("SEALED_TOOLS_DIR");
        return env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "sealed-sms", "tools");
    }

    static Path helm() {
        return requireExecutable(toolsDir().resolve("bin/helm"), "helm");
    }

    static Path kubernetesValidate() {
        return requireExecutable(toolsDir().resolve("bin/kubernetes-validate"), "kubernetes-validate");
    }

    static Path k8sModels() {
        Path modules = toolsDir().resolve("k8s-models/node_modules/@kubernetes-models");
        if (!Files.isDirectory(modules.resolve("strimzi-kafka-operator"))
                || !Files.isDirectory(modules.resolve("keda"))
                || !Files.isDirectory(modules.resolve("prometheus-operator"))) {
            fail("the @kubernetes-models npm packages (CRD schemas) are missing under " + modules + ": " + INSTALL_HINT);
        }
        return modules.getParent();
    }

    static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        fail("node is not on PATH (it runs the CRD schema validation): apt-get install -y nodejs, then " + INSTALL_HINT);
        return null;
    }

    private static Path requireExecutable(Path path, String what) {
        if (!Files.isExecutable(path)) {
            fail(what + " is missing (looked for " + path + "): " + INSTALL_HINT);
        }
        return path;
    }

    /** Result of a finished process: exit code and merged stdout + stderr. */
    record Run(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static Run run(List<String> command) {
        try {
            Path out = Files.createTempFile("deploy-check", ".out");
            try {
                Process p = new ProcessBuilder(new ArrayList<>(command))
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
                if (!p.waitFor(90, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("timed out after 90 s: " + String.join(" ", command));
                }
                return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}
