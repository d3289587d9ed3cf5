package dev.sealedsms.policy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up and reload: a bad policy never replaces a good one. */
class ActivePolicyTest {

    @Test
    void aBadDocumentStopsStartUpNamingFileLineAndField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("policy.yaml"),
                PolicyDocumentsTest.minimal("sender").replace("countries: [GB]", "countries: [ZZ]"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ActivePolicy(file, Duration.ZERO));

        assertTrue(e.getMessage().contains(file + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("tenants.acme.countries[0]"), e.getMessage());
    }

    @Test
    void aGoodNewDocumentReplacesThePolicyAndABadOneIsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("policy.yaml"), PolicyDocumentsTest.minimal("sender"));
        ActivePolicy active = new ActivePolicy(file, Duration.ZERO);
        String first = active.current().version();

        assertEquals(ActivePolicy.Reload.UNCHANGED, active.reload());

        Files.writeString(file, PolicyDocumentsTest.minimal("admin"));
        assertEquals(ActivePolicy.Reload.RELOADED, active.reload());
        String second = active.current().version();
        assertNotEquals(first, second);
        assertEquals(PolicyConfig.Role.ADMIN, active.current().byClientId().get("web").role());

        Files.writeString(file, PolicyDocumentsTest.minimal("sender").replace("tenant: acme", "tenant: nobody"));
        assertEquals(ActivePolicy.Reload.REJECTED, active.reload());
        assertEquals(second, active.current().version(), "the good policy stays");
        assertEquals(ActivePolicy.Reload.REJECTED, active.reload());

        Files.delete(file);
        assertEquals(ActivePolicy.Reload.REJECTED, active.reload());
        assertEquals(second, active.current().version(), "a vanished file changes nothing");
    }

    @Test
    void followsAConfigMapStyleSymlinkSwap(@TempDir Path dir) throws IOException {
        // Kubernetes: policy.yaml -> ..data/policy.yaml, ..data -> ..<timestamp>; an update re-points ..data.
        Path v1 = Files.createDirectory(dir.resolve("..v1"));
        Path v2 = Files.createDirectory(dir.resolve("..v2"));
        Files.writeString(v1.resolve("policy.yaml"), PolicyDocumentsTest.minimal("sender"));
        Files.writeString(v2.resolve("policy.yaml"), PolicyDocumentsTest.minimal("auditor"));
        Path data = Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("policy.yaml"), Path.of("..data/policy.yaml"));
        ActivePolicy active = new ActivePolicy(file, Duration.ZERO);

        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(next, data, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        assertEquals(ActivePolicy.Reload.RELOADED, active.reload());
        assertEquals(PolicyConfig.Role.AUDITOR, active.current().byClientId().get("web").role());
    }
}
