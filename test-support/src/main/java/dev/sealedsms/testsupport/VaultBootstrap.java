package dev.sealedsms.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the repository's {@code deploy/vault/bootstrap.sh}, the one definition of how Vault is set
 * up for Sealed SMS, so tests, the local stack and production bootstrap cannot drift apart.
 */
final class VaultBootstrap {

    private static final long TIMEOUT_SECONDS = 60;
    private static final List<String> SERVICES = List.of("crypto", "dispatch", "policy");

    private VaultBootstrap() {
    }

    /** Runs the script with the {@code bao} found by {@link BaoBinary#locate()}. */
    static ServiceTokens run(String address, String rootToken, String... tenants) {
        return run(BaoBinary.locate(), address, rootToken, tenants);
    }

    /** Runs the script with {@code cli} as its {@code bao} command. */
    static ServiceTokens run(Path cli, String address, String rootToken, String... tenants) {
        if (tenants.length == 0) {
            throw new IllegalArgumentException("bootstrap needs at least one tenant");
        }
        Path script = RepoPaths.bootstrapScript();
        Path workDir;
        try {
            workDir = Files.createTempDirectory("sealed-bao-bootstrap-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the bootstrap tokens", e);
        }
        RuntimeException failure = null;
        ServiceTokens tokens = null;
        try {
            tokens = runScript(script, workDir, cli, address, rootToken, tenants);
        } catch (RuntimeException e) {
            failure = e;
        }
        // The token files are secrets: they go as soon as they have been read, whatever happened.
        try {
            deleteWorkDir(workDir);
        } catch (IOException e) {
            if (failure == null) {
                failure = new UncheckedIOException("cannot delete the bootstrap token files in " + workDir, e);
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return tokens;
    }

    private static ServiceTokens runScript(Path script, Path workDir, Path cli, String address, String rootToken,
            String... tenants) {
        Path tokenDir = workDir.resolve("tokens");
        Path output = workDir.resolve("bootstrap.log");
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), tokenDir.toString()));
        command.addAll(List.of(tenants));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        // Only our server and token: a developer's BAO_*/VAULT_* settings must not leak in.
        env.keySet().removeIf(name -> name.startsWith("BAO_") || name.startsWith("VAULT_"));
        env.put("BAO_ADDR", address);
        env.put("BAO_TOKEN", rootToken);
        env.put("BAO_CLI", cli.toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(script + " did not finish within " + TIMEOUT_SECONDS
                        + " s against " + address + "; output:\n" + Files.readString(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(script + " failed with exit code " + process.exitValue()
                        + " against " + address + "; output:\n" + Files.readString(output));
            }
            return new ServiceTokens(readToken(tokenDir, "crypto"), readToken(tokenDir, "dispatch"),
                    readToken(tokenDir, "policy"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script + " against " + address, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    private static String readToken(Path dir, String service) throws IOException {
        Path file = dir.resolve(service + ".token");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("bootstrap.sh wrote no " + file);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    private static void deleteWorkDir(Path workDir) throws IOException {
        Path tokenDir = workDir.resolve("tokens");
        for (String service : SERVICES) {
            Files.deleteIfExists(tokenDir.resolve(service + ".token"));
        }
        Files.deleteIfExists(tokenDir);
        Files.deleteIfExists(workDir.resolve("bootstrap.log"));
        Files.deleteIfExists(workDir);
    }
}
