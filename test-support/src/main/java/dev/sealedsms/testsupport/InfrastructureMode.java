package dev.sealedsms.testsupport;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@link SealedInfrastructure} runs its servers, chosen by the environment variable
 * {@value #ENV}: {@code embedded} (Kafka in this JVM, {@code bao} as a child process),
 * {@code testcontainers} (both in containers), or {@code auto} (the default: containers only when a
 * Docker engine answers).
 */
public enum InfrastructureMode {
    EMBEDDED,
    TESTCONTAINERS;

    public static final String ENV = "SEALED_INFRA";

    /** The mode for this process, from {@value #ENV}. */
    public static InfrastructureMode fromEnvironment() {
        return resolve(System.getenv(ENV));
    }

    /**
     * The mode for a value of {@value #ENV}: {@code null}, blank or {@code auto} probe for Docker.
     *
     * @throws IllegalArgumentException for any other value, naming the allowed ones
     */
    public static InfrastructureMode resolve(String setting) {
        String value = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "auto" -> dockerAnswers() ? TESTCONTAINERS : EMBEDDED;
            case "embedded" -> EMBEDDED;
            case "testcontainers" -> TESTCONTAINERS;
            default -> throw new IllegalArgumentException(ENV + "=" + setting
                    + " is not a known mode; use auto, embedded or testcontainers");
        };
    }

    /**
     * Whether a Docker engine answers. Testcontainers' own probe logs errors and can take seconds
     * when there is none, so it only runs when something that looks like a Docker endpoint exists:
     * {@code DOCKER_HOST}, a Testcontainers config file, or a Docker socket that accepts a connection.
     */
    static boolean dockerAnswers() {
        String dockerHost = System.getenv("DOCKER_HOST");
        boolean candidate = (dockerHost != null && !dockerHost.isBlank())
                || Files.isRegularFile(Path.of(System.getProperty("user.home"), ".testcontainers.properties"))
                || dockerSockets().stream().anyMatch(InfrastructureMode::acceptsConnection);
        return candidate && Containers.dockerAvailable();
    }

    private static List<Path> dockerSockets() {
        List<Path> sockets = new ArrayList<>(List.of(Path.of("/var/run/docker.sock")));
        String home = System.getProperty("user.home");
        sockets.add(Path.of(home, ".docker", "run", "docker.sock"));
        sockets.add(Path.of(home, ".docker", "desktop", "docker.sock"));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
        }
        return sockets;
    }

    private static boolean acceptsConnection(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return channel.isConnected();
        } catch (IOException refused) {
            return false;
        }
    }
}
