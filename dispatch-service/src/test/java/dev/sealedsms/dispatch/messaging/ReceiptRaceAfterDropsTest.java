package dev.sealedsms.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.dispatch.receipts.CorrelationStore;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The same race, with links that close right after a response (issue 21, point 2): a
 * submit_sm_resp that reached us counts, so its message is not submitted again and no receipt
 * goes unmatched.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(value = StrictCarrierResource.class, initArgs = @ResourceArg(name = "closeAfterAnswers", value = "250"))
class ReceiptRaceAfterDropsTest {

    @Inject
    CorrelationStore store;

    @Test
    void aResponseReadBeforeTheLinkClosedCountsAndItsReceiptMatches() {
        ReceiptRace.run("receipt race after drops", StrictCarrierResource.smsc, store, 2_000);
        assertTrue(StrictCarrierResource.smsc.connectionsDropped() >= 2, "links were closed");
    }
}
