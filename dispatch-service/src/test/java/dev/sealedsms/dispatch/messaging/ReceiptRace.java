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
import dev.sealedsms.simulator.smsc.Submission;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Issue 13's scenario against a strict carrier ({@link StrictCarrierResource}): a receipt refused
 * once is lost for good there, and 10 refusals unbind us. So every message must still end
 * DELIVERED, once, with no receipt refused and no unbind.
 */
final class ReceiptRace {

    private static final Logger LOG = Logger.getLogger(ReceiptRace.class);
    private static final int RECIPIENTS = 250;

    private ReceiptRace() {
    }

    static void run(String name, Smsc smsc, CorrelationStore store, int messages) {
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        String prefix = String.format("+44740%02d", Math.floorMod(name.hashCode(), 100));
        for (int i = 0; i < messages; i++) {
            SealedMessage m = Sealing.seal("acme", prefix + String.format("%05d", i % RECIPIENTS),
                    "race-" + UUID.randomUUID(), Instant.now().plusSeconds(600));
            records.add(Map.entry(m.messageId(), EventJson.write(m)));
        }
        long started = System.nanoTime();
        new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers()).produceAll(Topics.SEALED, records);

        Map<String, List<Receipt>> receipts = Sealing.awaitAll(
                records.stream().map(Map.Entry::getKey).collect(Collectors.toSet()), Sealing::terminal,
                Duration.ofSeconds(240));
        double seconds = (System.nanoTime() - started) / 1e9;

        long stuck = receipts.values().stream().filter(rs -> !Sealing.terminal(rs)).count();
        Map<String, Long> submitsByBody = smsc.submissions().stream()
                .collect(Collectors.groupingBy(Submission::body, Collectors.counting()));
        long duplicates = submitsByBody.values().stream().mapToLong(n -> n - 1).sum();
        Map<String, Long> unanswered = smsc.unansweredSubmissions().stream()
                .collect(Collectors.groupingBy(Submission::body, Collectors.counting()));
        LOG.infof("%s: %d messages in %.1f s, %d stuck, %d receipts sent, %d refused, %d unbinds, %d links closed, "
                + "%d duplicate submits, %d accepted but unanswered, %d orphans", name, messages, seconds, stuck,
                smsc.receiptsSent(), smsc.receiptsRefused(), smsc.refusalUnbinds(), smsc.connectionsDropped(),
                duplicates, smsc.unansweredSubmissions().size(), store.orphans());
        assertEquals(0, smsc.receiptsRefused(), "no receipt is refused");
        assertEquals(0, smsc.refusalUnbinds(), "the carrier never unbinds us");
        assertEquals(0, stuck, "no message is left without a terminal receipt");
        for (var e : receipts.entrySet()) {
            List<Receipt> terminal = e.getValue().stream().filter(r -> r.status().terminal()).toList();
            assertEquals(1, terminal.size(), "exactly one terminal receipt for " + e.getKey());
            assertEquals(ReceiptStatus.DELIVERED, terminal.get(0).status());
        }
        submitsByBody.forEach((body, n) -> assertTrue(n - 1 <= unanswered.getOrDefault(body, 0L),
                "submitted again only after the carrier took it without answering: " + n + " submits"));
    }
}
