package dev.sealedsms.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sealedsms.dispatch.receipts.CorrelationStore;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Issue 13, point 4: 5,000 messages, receipts 0–50 ms after each submit_sm_resp, a strict carrier. */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(StrictCarrierResource.class)
class ReceiptRaceTest {

    @Inject
    CorrelationStore store;

    @Test
    void receiptsRacingTheirSubmitResponseAreNeverRefused() {
        int orphansBefore = store.orphans(); // earlier tests' carriers may have left some
        ReceiptRace.run("receipt race", StrictCarrierResource.smsc, store, 5_000);
        assertEquals(0, StrictCarrierResource.smsc.submissionCount() - 5_000, "no link dropped, so nothing twice");
        assertEquals(orphansBefore, store.orphans(), "every receipt matched its message");
    }
}
