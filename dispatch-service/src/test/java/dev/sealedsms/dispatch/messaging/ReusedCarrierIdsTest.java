package dev.sealedsms.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.Topics;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.Submission;
import dev.sealedsms.testsupport.Poll;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, point 4, against the simulator: a carrier numbering with a plain counter is killed with
 * receipts it still owed, and after its restart hands the same ids to new messages while the old
 * ones still wait. The old ones end EXPIRED (their receipts are gone), and that must not take the
 * ids from the new ones: each new message ends DELIVERED by its own receipt, once.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(value = HoldingCarrierResource.class, initArgs = @ResourceArg(name = "ids", value = "DECIMAL_RESTARTING"))
class ReusedCarrierIdsTest {

    private static final int MESSAGES = 300;

    @Test
    void idsHandedOutAgainAfterACarrierRestartGetTheirOwnReceipts() {
        Smsc first = HoldingCarrierResource.smsc;
        first.holdReceipts();
        Set<String> before = send("before", Instant.now().plusSeconds(6));
        Poll.until(() -> first.heldReceipts() == MESSAGES, Duration.ofSeconds(60), "the first run's receipts held");
        Set<String> firstIds = first.submissions().stream().map(Submission::carrierMessageId).collect(Collectors.toSet());

        Smsc second = HoldingCarrierResource.restart(); // its receipts for the first run are lost
        second.holdReceipts();
        Poll.until(() -> second.activeSessions() == 2, Duration.ofSeconds(60), "dispatch bound to the restarted carrier");
        Set<String> after = send("after", Instant.now().plusSeconds(900));
        Poll.until(() -> second.heldReceipts() == MESSAGES, Duration.ofSeconds(60), "the second run's receipts held");
        Set<String> secondIds = second.submissions().stream().map(Submission::carrierMessageId)
                .collect(Collectors.toSet());
        assertEquals(firstIds, secondIds, "the restarted carrier gave the new messages the same ids");

        Map<String, List<Receipt>> expired = Sealing.awaitAll(before, Sealing::terminal, Duration.ofSeconds(60));
        for (var e : expired.entrySet()) {
            List<Receipt> terminal = e.getValue().stream().filter(r -> r.status().terminal()).toList();
            assertEquals(1, terminal.size(), "one terminal receipt for the old message " + e.getKey());
            assertEquals(ReceiptStatus.EXPIRED, terminal.get(0).status(), "its receipt never came");
            assertEquals("NO_RECEIPT", terminal.get(0).reason());
        }

        assertEquals(MESSAGES, second.releaseReceipts(100));
        Map<String, List<Receipt>> delivered = Sealing.awaitAll(after, Sealing::terminal, Duration.ofSeconds(60));
        long stuck = delivered.values().stream().filter(rs -> !Sealing.terminal(rs)).count();
        assertEquals(0, stuck, "every new message got a terminal receipt");
        for (var e : delivered.entrySet()) {
            List<Receipt> terminal = e.getValue().stream().filter(r -> r.status().terminal()).toList();
            assertEquals(1, terminal.size(), "one terminal receipt for the new message " + e.getKey());
            assertEquals(ReceiptStatus.DELIVERED, terminal.get(0).status(), "its own receipt, not the old EXPIRED");
            assertTrue(secondIds.contains(terminal.get(0).carrierMessageId()));
        }
        assertEquals(0, second.receiptsRefused(), "no receipt refused");
        assertEquals(MESSAGES, second.receiptsSent(), "every receipt acknowledged");
    }

    private static Set<String> send(String run, Instant notAfter) {
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            SealedMessage m = Sealing.seal("acme", String.format("+4474032%05d", i), run + "-" + UUID.randomUUID(),
                    notAfter);
            records.add(Map.entry(m.messageId(), EventJson.write(m)));
        }
        new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers()).produceAll(Topics.SEALED, records);
        return records.stream().map(Map.Entry::getKey).collect(Collectors.toSet());
    }
}
