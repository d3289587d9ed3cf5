package dev.sealedsms.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service as the operator runs it: its packaged fast-jar in its own JVM, configured by a
 * properties file (secrets never on the command line), logging to a file the test can read.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int httpPort;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int httpPort, Path log, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code module}'s fast-jar with {@code config}; returns once it is ready or fails. */
    static ServiceProcess start(Path repoRoot, String module, int httpPort, Map<String, String> config, Path workDir)
            throws IOException, InterruptedException {
        Path jar = repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package)");
        }
        Files.createDirectories(workDir);
        Path props = workDir.resolve(module + ".properties");
        StringBuilder sb = new StringBuilder();
        config.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        sb.append("quarkus.http.port=").append(httpPort).append('\n');
        Files.writeString(props, sb);
        Files.setPosixFilePermissions(props, PosixFilePermissions.fromString("rw-------"));
        Path log = workDir.resolve(module + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.config.locations=" + props.toAbsolutePath(), "-jar", jar.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServiceProcess s = new ServiceProcess(module, httpPort, log, p);
        s.awaitReady(Duration.ofSeconds(90));
        return s;
    }

    int httpPort() {
        return httpPort;
    }

    Path log() {
        return log;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet: keep polling until the deadline.
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + tail());
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Kills the process at once (SIGKILL), as a crash would: no shutdown hooks, no unbind, no commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
