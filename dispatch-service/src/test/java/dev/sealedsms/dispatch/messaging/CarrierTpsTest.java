package dev.sealedsms.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.Topics;
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
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, point 6: a backlog far above the carrier's TPS reaches it at that TPS, in every
 * second, across four binds: at most 210 submits in any second for a 200/s account.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(CappedCarrierResource.class)
class CarrierTpsTest {

    private static final Logger LOG = Logger.getLogger(CarrierTpsTest.class);
    private static final int MESSAGES = 1_200;

    @Test
    void aBacklogReachesTheCarrierAtItsTpsInEverySecond() {
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            SealedMessage m = Sealing.seal("acme", String.format("+4474007%05d", i % 100), "tps-" + UUID.randomUUID(),
                    Instant.now().plusSeconds(600));
            records.add(Map.entry(m.messageId(), EventJson.write(m)));
        }
        new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers()).produceAll(Topics.SEALED, records);

        Map<String, List<Receipt>> receipts = Sealing.awaitAll(
                records.stream().map(Map.Entry::getKey).collect(Collectors.toSet()), Sealing::terminal,
                Duration.ofSeconds(120));

        int peak = CappedCarrierResource.smsc.maxSubmitsInAnySecond();
        LOG.infof("capped carrier: %d messages, peak %d submit_sm in one second (account %d/s), %d throttled",
                MESSAGES, peak, CappedCarrierResource.TPS, CappedCarrierResource.smsc.rejectedCount());
        assertTrue(peak <= 210, "at most 210 submit_sm in any second for a 200/s account, saw " + peak);
        assertTrue(peak >= 150, "and the account is used, not starved: " + peak);
        long delivered = receipts.values().stream()
                .filter(rs -> rs.stream().anyMatch(r -> r.status() == ReceiptStatus.DELIVERED)).count();
        assertEquals(MESSAGES, delivered, "every message delivered");
    }
}
