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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, non-dev OpenBao server with storage on disk, for tests that stop and restart Vault. The
 * storage is single-node Raft in a directory (OpenBao 2.x has no "file" backend any more). Unlike
 * {@code bao server -dev} (in memory), it keeps its keys, policies and tokens across a restart,
 * and it comes back <em>sealed</em>, as a production Vault does. It is initialised once (one
 * unseal key share) and unsealed through the HTTP API at every start.
 *
 * <pre>{@code
 * try (OpenBaoFileServer bao = OpenBaoFileServer.start()) {
 *     ServiceTokens tokens = bao.bootstrap("acme");
 *     bao.stop();       // Vault down: connections refused
 *     bao.restart();    // same port, same data, unsealed again
 *     bao.pause();      // SIGSTOP: Vault unresponsive (connections hang)
 *     bao.resume();     // SIGCONT
 * }
 * }</pre>
 *
 * The server's files (config, data, log) are under {@code target/sealed-test-servers/}; the log
 * never shows the root token or unseal key (this class keeps them in memory only). A watchdog
 * process ends bao if the test JVM dies without running its shutdown hooks.
 */
public final class OpenBaoFileServer implements VaultEndpoint, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenBaoFileServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final File NULL_DEVICE = new File("/dev/null");
    private static final Pattern FIRST_KEY = Pattern.compile("\"keys_base64\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");
    private static final Pattern ROOT_TOKEN = Pattern.compile("\"root_token\"\\s*:\\s*\"([^\"]+)\"");

    /** Arguments: $1 = JVM pid, $2 = bao pid. Ends bao when the JVM is gone. */
    private static final String WATCHDOG_SCRIPT = """
            while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
            if kill -0 "$2" 2>/dev/null; then
              kill -CONT "$2" 2>/dev/null; kill -TERM "$2" 2>/dev/null
              for _ in 1 2 3 4 5; do kill -0 "$2" 2>/dev/null || exit 0; sleep 1; done
              kill -KILL "$2" 2>/dev/null
            fi
            """;

    private final Path binary;
    private final Path dir;
    private final Path config;
    private final Path logFile;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread shutdownHook;
    private String unsealKey;
    private String rootToken;
    private Process process;
    private Process watchdog;

    private OpenBaoFileServer(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.config = dir.resolve("bao.hcl");
        this.logFile = dir.resolve("bao.log");
        this.shutdownHook = new Thread(this::stopQuietly, "openbao-file-server-shutdown-" + port);
    }

    /** Starts, initialises and unseals a new server on a free port with empty file storage. */
    public static OpenBaoFileServer start() {
        int port = FreePorts.nextPair();
        OpenBaoFileServer server = new OpenBaoFileServer(BaoBinary.locate(), RepoPaths.scratchDirectory("openbao-file-"),
                port);
        try {
            server.writeConfig();
            server.launch();
            server.initialise();
            server.unseal();
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            return server;
        } catch (RuntimeException e) {
            server.stopQuietly();
            throw e;
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

    /** Runs deploy/vault/bootstrap.sh against this server with the same bao binary. */
    @Override
    public ServiceTokens bootstrap(String... tenants) {
        return VaultBootstrap.run(binary, address(), rootToken, tenants);
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops bao (SIGTERM, then SIGKILL): Vault is down, connections are refused. Data stays. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        resume(); // a stopped process cannot act on SIGTERM
        terminate(process);
        terminate(watchdog);
        process = null;
        watchdog = null;
        LOG.debug("OpenBao file server at {} stopped", address());
    }

    /** Starts bao again on the same port and data, and unseals it, as an operator would. */
    public synchronized void restart() {
        if (process != null) {
            throw new IllegalStateException("OpenBao at " + address() + " is still running");
        }
        launch();
        unseal();
    }

    /** SIGSTOP: the process keeps its port but answers nothing, like a hung or overloaded Vault. */
    public synchronized void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume() {
        signal("CONT");
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; stop() is idempotent
        }
    }

    // ---- process --------------------------------------------------------------------------

    private void writeConfig() {
        String hcl = """
                storage "raft" {
                  path    = "%s"
                  node_id = "sealed-test"
                }
                listener "tcp" {
                  address     = "127.0.0.1:%d"
                  tls_disable = true
                }
                api_addr     = "http://127.0.0.1:%d"
                cluster_addr = "http://127.0.0.1:%d"
                ui = false
                """.formatted(dir.resolve("data"), port, port, port + 1);
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(config, hcl);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
    }

    private void launch() {
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "server", "-config=" + config)
                .redirectInput(NULL_DEVICE)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("BAO_") || name.startsWith("VAULT_"));
        try {
            process = builder.start();
            watchdog = new ProcessBuilder("bash", "-c", WATCHDOG_SCRIPT, "openbao-watchdog",
                    Long.toString(ProcessHandle.current().pid()), Long.toString(process.pid()))
                    .redirectInput(NULL_DEVICE).redirectOutput(NULL_DEVICE).redirectError(NULL_DEVICE).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        }
        awaitHealth(List.of(200, 429, 472, 473, 501, 503)); // any answer: the listener is up
    }

    private void initialise() {
        String answer = put("sys/init", "{\"secret_shares\":1,\"secret_threshold\":1}", 200);
        unsealKey = group(FIRST_KEY, answer, "keys_base64");
        rootToken = group(ROOT_TOKEN, answer, "root_token");
    }

    private void unseal() {
        put("sys/unseal", "{\"key\":\"" + unsealKey + "\"}", 200);
        awaitHealth(List.of(200));
    }

    private void awaitHealth(List<Integer> accepted) {
        URI health = URI.create(address() + "/v1/sys/health");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException("bao exited before it was healthy at " + address() + "; see " + logFile);
            }
            try {
                int status = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (accepted.contains(status)) {
                    return;
                }
                last = "HTTP " + status;
            } catch (IOException notYet) {
                last = notYet.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for OpenBao", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("OpenBao at " + address() + " not healthy within " + START_TIMEOUT
                + " (last: " + last + "); see " + logFile);
    }

    private String put(String path, String json, int expected) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(address() + "/v1/" + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                // Not quoting the body: the init answer holds the unseal key and root token.
                throw new IllegalStateException("OpenBao " + path + " answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("OpenBao " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling OpenBao " + path, e);
        }
    }

    private static String group(Pattern p, String body, String what) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("OpenBao init answer has no " + what);
        }
        return m.group(1);
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void terminate(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("Sealed test-support: could not stop OpenBao at " + address() + ": " + e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
