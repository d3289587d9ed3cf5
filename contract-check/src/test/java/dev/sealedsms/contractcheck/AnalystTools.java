package dev.sealedsms.contractcheck;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tools an analyst or integrator uses, which these tests run: kcat (Debian package), a Python
 * with confluent-kafka, node with @asyncapi/parser; all pinned and installed by
 * {@code deploy/local/lib.sh} {@code sealed_ensure_analyst_tools} (kcat on PATH, the rest under
 * {@code $SEALED_TOOLS_DIR}, default {@code ~/.cache/sealed-sms/tools}). A missing tool fails the
 * test with the install command: an example that was not run must not look green.
 */
final class AnalystTools {

    static final String INSTALL_HINT = "run `source deploy/local/lib.sh && sealed_ensure_analyst_tools` from the "
            + "repository root (.ci/run and ./sealed test do this)";

    private AnalystTools() {
    }

    static Path toolsDir() {
        String env = System.getenv("SEALED_TOOLS_DIR");
        return env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "sealed-sms", "tools");
    }

    static Path kcat() {
        return onPath("kcat", "kcat is not on PATH (apt-get install -y kcat)");
    }

    /** The Python of the analyst virtualenv (confluent-kafka installed). */
    static Path python() {
        Path python = toolsDir().resolve("bin/analyst-python");
        if (!Files.isExecutable(python)) {
            fail("the analyst Python (confluent-kafka) is missing (looked for " + python + "): " + INSTALL_HINT);
        }
        return python;
    }

    static Path node() {
        return onPath("node", "node is not on PATH (apt-get install -y nodejs)");
    }

    /** node_modules holding @asyncapi/parser. */
    static Path asyncApiParserModules() {
        Path modules = toolsDir().resolve("asyncapi-parser/node_modules");
        if (!Files.isDirectory(modules.resolve("@asyncapi/parser"))) {
            fail("@asyncapi/parser is missing under " + modules + ": " + INSTALL_HINT);
        }
        return modules;
    }

    private static Path onPath(String name, String missing) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        fail(missing + "; " + INSTALL_HINT);
        return null;
    }

    /** A finished process: exit code, stdout, stderr. */
    record Run(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** Runs {@code command} in {@code dir} with extra environment, at most 120 s. */
    static Run run(List<String> command, Path dir, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("contract-check", ".out");
            Path err = Files.createTempFile("contract-check", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("timed out after 120 s: " + String.join(" ", command));
                }
                return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}
