package dev.sealedsms.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are in the source tree, seen from a test. Maven runs each module's tests with the
 * module as working directory, an IDE often with the repository root; both work.
 */
public final class RepoPaths {

    /** The bootstrap script, relative to the repository root: its presence marks the root. */
    public static final String BOOTSTRAP_SCRIPT = "deploy/vault/bootstrap.sh";

    private RepoPaths() {
    }

    /** The repository root: the nearest directory at or above the working directory holding {@link #BOOTSTRAP_SCRIPT}. */
    public static Path root() {
        return rootAbove(Path.of("").toAbsolutePath());
    }

    /** Like {@link #root()}, starting from {@code start}. */
    public static Path rootAbove(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(BOOTSTRAP_SCRIPT))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + BOOTSTRAP_SCRIPT + " in " + start.toAbsolutePath()
                + " or any directory above it: run the tests from inside the Sealed SMS repository");
    }

    /** {@code deploy/vault/bootstrap.sh} of this repository. */
    public static Path bootstrapScript() {
        return root().resolve(BOOTSTRAP_SCRIPT);
    }

    /**
     * A fresh directory for one server's files (logs, data): under the module's {@code target/} when
     * there is one, so they are kept for a failed build's post-mortem and {@code mvn clean} removes
     * them; else under the system temp directory.
     */
    public static Path scratchDirectory(String prefix) {
        Path target = Path.of("target").toAbsolutePath();
        try {
            if (Files.isDirectory(target)) {
                Path parent = Files.createDirectories(target.resolve("sealed-test-servers"));
                return Files.createTempDirectory(parent, prefix);
            }
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for " + prefix, e);
        }
    }
}
