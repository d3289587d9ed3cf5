package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InfrastructureModeTest {

    @Test
    void explicitModesAreTakenAsGivenInAnyCase() {
        assertEquals(InfrastructureMode.EMBEDDED, InfrastructureMode.resolve("embedded"));
        assertEquals(InfrastructureMode.EMBEDDED, InfrastructureMode.resolve(" Embedded "));
        assertEquals(InfrastructureMode.TESTCONTAINERS, InfrastructureMode.resolve("TESTCONTAINERS"));
    }

    @Test
    void unknownModeNamesTheVariableAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InfrastructureMode.resolve("docker"));

        assertTrue(e.getMessage().contains("SEALED_INFRA=docker"), e.getMessage());
        assertTrue(e.getMessage().contains("auto, embedded or testcontainers"), e.getMessage());
    }

    @Test
    void autoProbesQuicklyWithoutAnyDockerAround() {
        long started = System.nanoTime();

        InfrastructureMode mode = InfrastructureMode.resolve(null);

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(InfrastructureMode.resolve("auto"), mode);
        if (mode == InfrastructureMode.EMBEDDED) {
            assertTrue(millis < 1000, "the no-Docker probe took " + millis + " ms");
        }
    }
}
