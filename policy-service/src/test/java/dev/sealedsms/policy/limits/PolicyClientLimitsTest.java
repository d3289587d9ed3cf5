package dev.sealedsms.policy.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.policy.config.ActivePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client limits come from the policy in force: absent means unlimited, and a reload changes them. */
class PolicyClientLimitsTest {

    private static final String DOC = """
            schemaVersion: 1
            tenants:
              acme: {countries: [GB]}
            clients:
              web:
                tenant: acme
                role: sender
                apiKeySha256: [%s]
                %s
              batch:
                tenant: acme
                role: sender
                apiKeySha256: [%s]
                dailyQuota: 1000
              free:
                tenant: acme
                role: sender
                apiKeySha256: [%s]
            """;

    @Test
    void readsEachClientsLimitsAndNothingForOthers(@TempDir Path dir) throws IOException {
        PolicyClientLimits limits = new PolicyClientLimits(active(dir, "ratePerSecond: 5"));

        assertEquals(new Limit(OptionalDouble.of(5.0), OptionalLong.empty()), limits.forClient("web").orElseThrow());
        assertEquals(new Limit(OptionalDouble.empty(), OptionalLong.of(1000)), limits.forClient("batch").orElseThrow());
        assertTrue(limits.forClient("free").isEmpty());
        assertTrue(limits.forClient("nobody").isEmpty());
    }

    @Test
    void aReloadChangesTheLimitsOfTheNextAdmission(@TempDir Path dir) throws IOException {
        ActivePolicy active = active(dir, "ratePerSecond: 5");
        PolicyClientLimits limits = new PolicyClientLimits(active);

        Files.writeString(dir.resolve("policy.yaml"), doc("ratePerSecond: 0.5"));
        assertEquals(ActivePolicy.Reload.RELOADED, active.reload());

        assertEquals(OptionalDouble.of(0.5), limits.forClient("web").orElseThrow().ratePerSecond());
    }

    private static ActivePolicy active(Path dir, String webLimit) throws IOException {
        return new ActivePolicy(Files.writeString(dir.resolve("policy.yaml"), doc(webLimit)), Duration.ZERO);
    }

    private static String doc(String webLimit) {
        return DOC.formatted("a".repeat(64), webLimit, "b".repeat(64), "c".repeat(64));
    }
}
