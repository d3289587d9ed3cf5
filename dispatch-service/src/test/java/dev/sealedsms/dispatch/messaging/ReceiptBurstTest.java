package dev.sealedsms.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.dispatch.receipts.CorrelationStore;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.Topics;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.testsupport.Poll;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's burst scenario: a carrier's receipt path is down while messages are submitted; the
 * link drops, dispatch binds again, and the carrier sends every receipt at once. The suite sends
 * 3,000 (issue 21's burst); {@code bench/dispatch/burst.sh} the 10,000 of its "done when"
 * ({@code -Dbench.burst.messages}). A strict
 * carrier never resends a refused receipt and unbinds after 10 refusals, so every receipt must be
 * taken: 0 refused, 0 left SUBMITTED, 0 duplicates.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(HoldingCarrierResource.class)
class ReceiptBurstTest {

    private static final Logger LOG = Logger.getLogger(ReceiptBurstTest.class);
    private static final int MESSAGES = Integer.getInteger("bench.burst.messages", 3_000);
    /**
     * deliver_sm in flight at once during the burst: far above jSMPP's default session queue (100),
     * as an SMSC with a wide window sends its backlog after an outage.
     */
    private static final int BURST_WINDOW = 1_000;

    @Inject
    CorrelationStore store;

    @Test
    void tenThousandReceiptsReleasedInOneBurstAfterAReconnectAreAllTaken() {
        Smsc smsc = HoldingCarrierResource.smsc;
        int orphansBefore = store.orphans();
        smsc.holdReceipts();
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            SealedMessage m = Sealing.seal("acme", String.format("+4474031%05d", i), "burst-" + UUID.randomUUID(),
                    Instant.now().plusSeconds(900));
            records.add(Map.entry(m.messageId(), EventJson.write(m)));
        }
        Set<String> ids = records.stream().map(Map.Entry::getKey).collect(Collectors.toSet());
        new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers()).produceAll(Topics.SEALED, records);

        Sealing.awaitAll(ids, rs -> rs.stream().anyMatch(r -> r.status() == ReceiptStatus.SUBMITTED),
                Duration.ofSeconds(240));
        Poll.until(() -> smsc.heldReceipts() == MESSAGES, Duration.ofSeconds(60), "all " + MESSAGES + " receipts held by the carrier");
        assertTrue(smsc.dropConnections() > 0, "the links dropped");
        Poll.until(() -> smsc.activeSessions() == 2, Duration.ofSeconds(60), "dispatch bound again");

        long released = System.nanoTime();
        assertEquals(MESSAGES, smsc.releaseReceipts(BURST_WINDOW), "one burst of every receipt");
        Map<String, List<Receipt>> receipts = Sealing.awaitAll(ids, Sealing::terminal, Duration.ofSeconds(240));
        double seconds = (System.nanoTime() - released) / 1e9;

        long stuck = receipts.values().stream().filter(rs -> !Sealing.terminal(rs)).count();
        LOG.infof("receipt burst: %d receipts released at once, all terminal %.1f s later; %d refused, %d unbinds, "
                + "%d unanswered in time, %d left SUBMITTED, %d submits for %d messages", MESSAGES, seconds,
                smsc.receiptsRefused(), smsc.refusalUnbinds(), smsc.receiptsTimedOut(), stuck, smsc.submissionCount(),
                MESSAGES);
        assertEquals(0, smsc.receiptsRefused(), "no receipt of the burst is refused");
        assertEquals(0, smsc.receiptsTimedOut(), "no receipt of the burst is left unanswered past the carrier's timeout");
        assertEquals(0, smsc.refusalUnbinds(), "the carrier never unbinds us");
        assertEquals(0, stuck, "no message is left SUBMITTED");
        assertEquals(MESSAGES, smsc.submissionCount(), "the links dropped while idle: nothing submitted twice");
        for (var e : receipts.entrySet()) {
            List<Receipt> terminal = e.getValue().stream().filter(r -> r.status().terminal()).toList();
            assertEquals(1, terminal.size(), "exactly one terminal receipt for " + e.getKey());
            assertEquals(ReceiptStatus.DELIVERED, terminal.get(0).status());
        }
        assertEquals(orphansBefore, store.orphans(), "every receipt matched its message");
    }
}
