package dev.sealedsms.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** The committed copy of the ARCHITECTURE.md tables is the one the chart is checked against. */
class ArchitectureCopyTest {

    static boolean sharedBriefPresent() {
        return Files.isRegularFile(ArchitectureTables.sharedBrief());
    }

    @Test
    void copyNamesTheThreeServicesAndTheSevenTopics() {
        assertEquals(Set.of("policy-service", "crypto-service", "dispatch-service", "carrier-simulator"),
                ArchitectureTables.access().keySet());
        assertEquals(7, ArchitectureTables.topics().size(), ArchitectureTables.topics()::toString);
    }

    /** Only where shared/ sits beside the repository (CI and developers' machines). */
    @Test
    @EnabledIf("sharedBriefPresent")
    void copyMatchesTheSharedBrief() {
        Path brief = ArchitectureTables.sharedBrief();
        String text = ArchitectureTables.read(brief);

        for (String heading : new String[] {ArchitectureTables.SERVICES_HEADING, ArchitectureTables.TOPICS_HEADING}) {
            assertTrue(text.contains(heading), brief + " lost the heading " + heading);
            assertEquals(ArchitectureTables.table(text, heading), ArchitectureTables.table(ArchitectureTables.copy(), heading),
                    "the table under '" + heading + "' in " + brief + " changed: update "
                            + "deploy-check/src/test/resources/architecture-tables.md and the chart");
        }
    }
}
