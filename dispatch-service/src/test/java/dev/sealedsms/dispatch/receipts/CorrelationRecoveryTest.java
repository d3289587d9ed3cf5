package dev.sealedsms.dispatch.receipts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A replica that wrote a terminal receipt and died before tombstoning the message's correlation
 * records: the next replica must see the message as final (and acknowledge the carrier's resent
 * receipt) instead of recording it a second time. Real Kafka; the crash is the first store
 * stopping without {@code complete}.
 */
class CorrelationRecoveryTest {

    private static final String RECEIPTS = "recovery.receipts";

    @Test
    void aMessageWhoseTerminalReceiptIsWrittenIsFinalAfterARestartAndOneWithoutStaysPending() throws Exception {
        String bootstrap = SealedInfrastructure.get().kafka().bootstrapServers();
        SealedInfrastructure.get().kafka().createTopics(List.of(RECEIPTS), 3);
        String done = UUID.randomUUID().toString();
        String waiting = UUID.randomUUID().toString();
        String doneCarrierId = Long.toString(System.nanoTime());
        String waitingCarrierId = Long.toString(System.nanoTime() + 1);

        CorrelationStore first = store(bootstrap);
        first.start(null);
        Correlation.Submitted d = submitted(done, doneCarrierId);
        Correlation.Submitted w = submitted(waiting, waitingCarrierId);
        first.submitted(d).get();
        first.submitted(w).get();
        TopicProbe kafka = new TopicProbe(bootstrap);
        kafka.produce(RECEIPTS, done, EventJson.write(d.receipt(ReceiptStatus.SUBMITTED, Instant.now(), null, null,
                doneCarrierId)));
        kafka.produce(RECEIPTS, done, EventJson.write(d.receipt(ReceiptStatus.DELIVERED, Instant.now(), null, null,
                doneCarrierId)));
        kafka.produce(RECEIPTS, waiting, EventJson.write(w.receipt(ReceiptStatus.SUBMITTED, Instant.now(), null, null,
                waitingCarrierId)));
        first.stop(null); // killed before store.complete(done): its records are not tombstoned

        CorrelationStore second = store(bootstrap);
        try {
            second.start(null);
            assertFalse(second.inFlight(done), "the delivered message is final after the restart");
            assertTrue(second.completed(done));
            assertTrue(second.completedCarrierId("simulator", doneCarrierId), "its resent receipt is recognised");
            assertTrue(second.completedCarrierId("simulator", Long.toHexString(Long.parseLong(doneCarrierId))),
                    "in hex too");
            assertTrue(second.inFlight(waiting), "a message with only SUBMITTED still waits for its receipt");
            assertFalse(second.completedCarrierId("simulator", waitingCarrierId));
        } finally {
            second.stop(null);
        }
    }

    private static CorrelationStore store(String bootstrap) {
        return new CorrelationStore(bootstrap, 6, RECEIPTS, Duration.ofMinutes(10),
                CorrelationStore.DEFAULT_RECEIPT_DATE_SKEW);
    }

    private static Correlation.Submitted submitted(String messageId, String carrierId) {
        Instant now = Instant.now();
        return new Correlation.Submitted(1, messageId, "acme", "web", "GB", "vault:v1:token", now, "simulator",
                TextEncoding.GSM7, 1, List.of(carrierId), now, now.plusSeconds(3600));
    }
}
