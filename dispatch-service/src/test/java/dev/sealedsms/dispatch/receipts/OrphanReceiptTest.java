package dev.sealedsms.dispatch.receipts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.testsupport.SealedInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Receipts that matched nothing when they came are kept on {@code sms.dispatch.orphans} and applied
 * once their message shows up: on the replica that submits it, or at the next start. Real Kafka;
 * the resolver stands for the receipt handler and records what it is given.
 */
class OrphanReceiptTest {

    private record Applied(CorrelationStore.Ref ref, Correlation.Orphan orphan) {
    }

    private final String bootstrap = SealedInfrastructure.get().kafka().bootstrapServers();

    @Test
    void anOrphanIsAppliedWhenThisReplicaSubmitsItsMessageAndThenForgotten() throws Exception {
        LinkedBlockingQueue<Applied> applied = new LinkedBlockingQueue<>();
        CorrelationStore store = store(applied);
        store.start(null);
        try {
            String carrierId = uniqueId();
            store.orphan(orphan(carrierId, Instant.now())).get(10, TimeUnit.SECONDS);
            awaitHeld(store, carrierId, true);

            String messageId = UUID.randomUUID().toString();
            store.submitted(submitted(messageId, carrierId, Instant.now())).get(10, TimeUnit.SECONDS);

            Applied a = applied.poll(10, TimeUnit.SECONDS);
            assertEquals(messageId, a.ref().messageId(), "the orphan went to the message that has its carrier id");
            assertEquals(ReceiptStatus.DELIVERED, a.orphan().status());
            awaitHeld(store, carrierId, false);
        } finally {
            store.stop(null);
        }
    }

    @Test
    void atStartAnOrphanIsAppliedToAPendingMessageLoadedFromTheTopic() throws Exception {
        String carrierId = uniqueId();
        String messageId = UUID.randomUUID().toString();
        CorrelationStore first = store(new LinkedBlockingQueue<>());
        first.start(null);
        first.submitted(submitted(messageId, carrierId, Instant.now())).get(10, TimeUnit.SECONDS);
        first.stop(null); // gone before the receipt came

        // Another replica got the receipt, could not match it, and kept it.
        CorrelationStore other = store(new LinkedBlockingQueue<>());
        LinkedBlockingQueue<Applied> applied = new LinkedBlockingQueue<>();
        CorrelationStore restarted = store(applied);
        try {
            other.start(null);
            other.orphan(orphan(carrierId, Instant.now())).get(10, TimeUnit.SECONDS);
            other.stop(null);
            restarted.start(null);
            Applied a = applied.poll(10, TimeUnit.SECONDS);
            assertEquals(messageId, a.ref().messageId());
        } finally {
            restarted.stop(null);
        }
    }

    @Test
    void anOrphanOlderThanTheSubmitIsAnotherMessagesReceiptAndIsNotApplied() throws Exception {
        LinkedBlockingQueue<Applied> applied = new LinkedBlockingQueue<>();
        CorrelationStore store = store(applied);
        store.start(null);
        try {
            String carrierId = uniqueId();
            // The carrier's counter started again: this id's receipt is from the message it numbered first.
            store.orphan(orphan(carrierId, Instant.now().minus(Duration.ofMinutes(5)))).get(10, TimeUnit.SECONDS);
            awaitHeld(store, carrierId, true);
            store.submitted(submitted(UUID.randomUUID().toString(), carrierId, Instant.now()))
                    .get(10, TimeUnit.SECONDS);
            assertNull(applied.poll(2, TimeUnit.SECONDS), "an old receipt is not applied to a newer submit");
        } finally {
            store.stop(null);
        }
    }

    private CorrelationStore store(LinkedBlockingQueue<Applied> applied) {
        SealedInfrastructure.get().kafka().createTopics(List.of("orphans.receipts"), 3);
        CorrelationStore s = new CorrelationStore(bootstrap, 6, "orphans.receipts", Duration.ofMinutes(10));
        s.onOrphanMatch((ref, o) -> applied.add(new Applied(ref, o)));
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
                TextEncoding.GSM7, 1, List.of(carrierId), at);
    }
}
