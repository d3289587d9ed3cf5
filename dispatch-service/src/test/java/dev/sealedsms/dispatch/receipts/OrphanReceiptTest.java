package dev.sealedsms.dispatch.receipts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.testsupport.SealedInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Receipts that matched nothing when they came are kept on {@code sms.dispatch.orphans}; once their
 * message is pending, the replica that looks after it (its sms.sealed partition) is offered them,
 * at once or after a restart. Real Kafka; ownership is given directly.
 */
class OrphanReceiptTest {

    private final String bootstrap = SealedInfrastructure.get().kafka().bootstrapServers();

    @Test
    void anOrphanIsOfferedOnceItsMessageIsPendingWhereThatMessageIsLookedAfter() throws Exception {
        CorrelationStore store = store();
        store.start(null);
        try {
            String carrierId = uniqueId();
            store.orphan(orphan(carrierId, Instant.now())).get(10, TimeUnit.SECONDS);
            awaitHeld(store, carrierId, true);
            assertTrue(matches(store, carrierId).isEmpty(), "no message has that id yet");

            String messageId = UUID.randomUUID().toString();
            store.submitted(submitted(messageId, carrierId, Instant.now())).get(10, TimeUnit.SECONDS);
            List<CorrelationStore.OrphanMatch> m = matches(store, carrierId);
            assertEquals(1, m.size());
            assertEquals(messageId, m.get(0).ref().messageId(), "offered to the message that has its carrier id");
            assertEquals(ReceiptStatus.DELIVERED, m.get(0).orphan().status());

            store.ownedBy(id -> false);
            assertTrue(matches(store, carrierId).isEmpty(), "not offered where the message is not looked after");

            store.orphanApplied(m.get(0).key()).get(10, TimeUnit.SECONDS);
            awaitHeld(store, carrierId, false);
        } finally {
            store.stop(null);
        }
    }

    @Test
    void afterARestartAnOrphanIsOfferedForAPendingMessageLoadedFromTheTopic() throws Exception {
        String carrierId = uniqueId();
        String messageId = UUID.randomUUID().toString();
        CorrelationStore first = store();
        first.start(null);
        first.submitted(submitted(messageId, carrierId, Instant.now())).get(10, TimeUnit.SECONDS);
        first.stop(null); // gone before the receipt came

        // Another replica got the receipt, could not match it, and kept it.
        CorrelationStore other = store();
        other.start(null);
        other.orphan(orphan(carrierId, Instant.now())).get(10, TimeUnit.SECONDS);
        other.stop(null);

        CorrelationStore restarted = store();
        try {
            restarted.start(null);
            List<CorrelationStore.OrphanMatch> m = matches(restarted, carrierId);
            assertEquals(1, m.size());
            assertEquals(messageId, m.get(0).ref().messageId());
        } finally {
            restarted.stop(null);
        }
    }

    @Test
    void anOrphanOlderThanTheSubmitIsAnotherMessagesReceiptAndIsNotOffered() throws Exception {
        CorrelationStore store = store();
        store.start(null);
        try {
            String carrierId = uniqueId();
            // The carrier's counter started again: this id's receipt is from the message it numbered first.
            store.orphan(orphan(carrierId, Instant.now().minus(Duration.ofMinutes(5)))).get(10, TimeUnit.SECONDS);
            awaitHeld(store, carrierId, true);
            store.submitted(submitted(UUID.randomUUID().toString(), carrierId, Instant.now()))
                    .get(10, TimeUnit.SECONDS);
            assertTrue(matches(store, carrierId).isEmpty(), "an old receipt is not applied to a newer submit");
        } finally {
            store.stop(null);
        }
    }

    @Test
    void overdueListsPendingMessagesPastTheirValidityThatAreLookedAfterHere() throws Exception {
        CorrelationStore store = store();
        store.start(null);
        try {
            Instant now = Instant.now();
            String past = UUID.randomUUID().toString();
            String future = UUID.randomUUID().toString();
            store.submitted(new Correlation.Submitted(1, past, "acme", "web", "GB", "vault:v1:t", now, "simulator",
                    TextEncoding.GSM7, 1, List.of(uniqueId()), now, now.minusSeconds(1))).get(10, TimeUnit.SECONDS);
            store.submitted(submitted(future, uniqueId(), now)).get(10, TimeUnit.SECONDS);
            List<String> overdue = store.overdue(now).stream().map(Correlation.Submitted::messageId).toList();
            assertTrue(overdue.contains(past));
            assertFalse(overdue.contains(future));
            store.ownedBy(id -> false);
            assertTrue(store.overdue(now).isEmpty(), "only what this replica looks after");
        } finally {
            store.stop(null);
        }
    }

    private static List<CorrelationStore.OrphanMatch> matches(CorrelationStore store, String carrierId) {
        return store.matchedOrphans().stream().filter(m -> m.orphan().carrierMessageId().equals(carrierId)).toList();
    }

    private CorrelationStore store() {
        SealedInfrastructure.get().kafka().createTopics(List.of("orphans.receipts"), 3);
        // Topics of its own: a dispatch-service app of another test may still run in this JVM, and it
        // would rightly apply these orphans itself.
        CorrelationStore s = new CorrelationStore(bootstrap, 6, "orphans.receipts", Duration.ofMinutes(10),
                "orphans.correlation", "orphans.orphans");
        s.ownedBy(id -> true);
        return s;
    }

    private static void awaitHeld(CorrelationStore store, String carrierId, boolean held) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.holdsOrphan("simulator", carrierId) != held && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(held, store.holdsOrphan("simulator", carrierId), "orphan " + carrierId + " held");
    }

    private static String uniqueId() {
        return Long.toString(System.nanoTime());
    }

    private static Correlation.Orphan orphan(String carrierId, Instant at) {
        return new Correlation.Orphan(1, "simulator", carrierId, ReceiptStatus.DELIVERED, null, null, at);
    }

    private static Correlation.Submitted submitted(String messageId, String carrierId, Instant at) {
        return new Correlation.Submitted(1, messageId, "acme", "web", "GB", "vault:v1:token", at, "simulator",
                TextEncoding.GSM7, 1, List.of(carrierId), at, at.plusSeconds(3600));
    }
}
