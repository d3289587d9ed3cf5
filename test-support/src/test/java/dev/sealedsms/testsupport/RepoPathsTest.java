package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoPathsTest {

    @TempDir
    Path dir;

    @Test
    void findsTheRepositoryRootFromAModuleDirectory() {
        Path root = RepoPaths.root();

        assertTrue(Files.isRegularFile(root.resolve("deploy/vault/bootstrap.sh")), root.toString());
        assertTrue(Files.isRegularFile(root.resolve("test-support/pom.xml")), root.toString());
        assertEquals(root.resolve(RepoPaths.BOOTSTRAP_SCRIPT), RepoPaths.bootstrapScript());
    }

    @Test
    void walksUpFromADeepDirectory() throws Exception {
        Files.createDirectories(dir.resolve("deploy/vault"));
        Files.writeString(dir.resolve("deploy/vault/bootstrap.sh"), "#!/bin/bash\n");
        Path deep = Files.createDirectories(dir.resolve("a/b/c"));

        assertEquals(dir.toRealPath(), RepoPaths.rootAbove(deep).toRealPath());
    }

    @Test
    void outsideTheRepositoryTheErrorSaysWhatIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RepoPaths.rootAbove(dir));

        assertTrue(e.getMessage().contains("deploy/vault/bootstrap.sh"), e.getMessage());
    }
}
