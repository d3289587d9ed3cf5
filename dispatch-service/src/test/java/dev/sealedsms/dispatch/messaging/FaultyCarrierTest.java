package dev.sealedsms.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.Topics;
import dev.sealedsms.simulator.smsc.Submission;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** Throttling, permanent errors and dropped connections, all at once, against {@link FaultyCarrierResource}. */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(FaultyCarrierResource.class)
class FaultyCarrierTest {

    private static final Logger LOG = Logger.getLogger(FaultyCarrierTest.class);
    private static final int MESSAGES = 120;

    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());

    @Test
    void throttlingDroppedConnectionsAndPermanentErrorsLoseNothing() {
        Map<String, String> bodyById = new HashMap<>();
        for (int i = 0; i < MESSAGES; i++) {
            String body = "fault-" + UUID.randomUUID();
            SealedMessage m = Sealing.seal("acme", String.format("+4474003%05d", i), body, Instant.now().plusSeconds(600));
            bodyById.put(m.messageId(), body);
            kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(m));
        }

        Map<String, List<Receipt>> receipts = Sealing.awaitAll(bodyById.keySet(), Sealing::terminal, Duration.ofSeconds(120));

        Map<String, Long> submitsByBody = FaultyCarrierResource.smsc.submissions().stream()
                .collect(Collectors.groupingBy(Submission::body, Collectors.counting()));
        int failed = 0;
        int delivered = 0;
        for (var e : receipts.entrySet()) {
            List<Receipt> terminal = e.getValue().stream().filter(r -> r.status().terminal()).toList();
            assertEquals(1, terminal.size(), "exactly one terminal receipt for " + e.getKey() + ": " + e.getValue());
            Receipt t = terminal.get(0);
            if (t.status() == ReceiptStatus.FAILED) {
                failed++;
                assertEquals("CARRIER_REJECTED", t.reason());
                assertEquals("0x0000000B", t.errorCode(), "the SMPP error travels in the receipt");
                assertEquals(0L, submitsByBody.getOrDefault(bodyById.get(e.getKey()), 0L));
            } else {
                delivered++;
                assertEquals(ReceiptStatus.DELIVERED, t.status());
                assertTrue(submitsByBody.getOrDefault(bodyById.get(e.getKey()), 0L) >= 1);
            }
        }
        long duplicates = submitsByBody.values().stream().mapToLong(n -> n - 1).sum();
        // The fault model's only licence for a second submit: the carrier took the first one and its
        // submit_sm_resp never left (the link was dropped first), so dispatch could not know.
        Map<String, Long> unansweredByBody = FaultyCarrierResource.smsc.unansweredSubmissions().stream()
                .collect(Collectors.groupingBy(Submission::body, Collectors.counting()));
        LOG.infof("fault run: %d delivered, %d failed, %d throttled answers, %d connections dropped, %d duplicate submits, "
                + "%d accepted but unanswered, %d receipts refused", delivered, failed,
                FaultyCarrierResource.smsc.rejectedCount() - failed, FaultyCarrierResource.smsc.connectionsDropped(),
                duplicates, unansweredByBody.values().stream().mapToLong(Long::longValue).sum(),
                FaultyCarrierResource.smsc.receiptsRefused());
        assertEquals(MESSAGES, delivered + failed, "nothing lost");
        assertTrue(failed > 0, "some permanent errors were injected");
        assertTrue(FaultyCarrierResource.smsc.rejectedCount() > failed, "some submits were throttled");
        assertTrue(FaultyCarrierResource.smsc.connectionsDropped() > 0, "some connections were dropped");
        submitsByBody.forEach((body, n) -> assertTrue(n - 1 <= unansweredByBody.getOrDefault(body, 0L),
                "submitted again only after the carrier took it without answering: " + n + " submits, "
                        + unansweredByBody.getOrDefault(body, 0L) + " unanswered"));
        assertEquals(0, FaultyCarrierResource.smsc.receiptsRefused(), "no receipt is refused");
    }

    @SuppressWarnings("unused")
    private static <T> Function<T, T> id() {
        return Function.identity();
    }
}
