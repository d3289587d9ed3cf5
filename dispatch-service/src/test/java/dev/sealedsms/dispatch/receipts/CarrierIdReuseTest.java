package dev.sealedsms.dispatch.receipts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.testsupport.SealedInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, point 4: a carrier may give an id to a new message while an older message with that id
 * still waits for its receipt (its counter started again). A receipt goes to the newest submit its
 * submit date fits, never to an older one, and the older message finishing leaves the newer one's
 * id alone. Real Kafka, the store's own topics.
 */
class CarrierIdReuseTest {

    private static final DateTimeFormatter TEXT_DATE = DateTimeFormatter.ofPattern("yyMMddHHmm")
            .withZone(ZoneOffset.UTC);

    @Test
    void aReusedIdIsToldApartByTheReceiptsSubmitDateAndSurvivesTheOlderMessageEnding() throws Exception {
        String bootstrap = SealedInfrastructure.get().kafka().bootstrapServers();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String older = "older-" + suffix;
        String newer = "newer-" + suffix;
        String carrierId = "7";
        Instant now = Instant.now();
        Instant olderAt = now.minus(Duration.ofMinutes(30));
        SealedInfrastructure.get().kafka().createTopics(List.of("reuse.receipts." + suffix), 3);

        CorrelationStore store = store(bootstrap, suffix);
        store.start(null);
        try {
            store.submitted(submitted(newer, carrierId, now)).get();
            store.submitted(submitted(older, carrierId, olderAt)).get(); // read back in any order

            assertEquals(newer, store.find("simulator", carrierId, null).messageId(), "no date: the newest");
            assertEquals(newer, store.find("simulator", carrierId, minute(now)).messageId());
            assertEquals(older, store.find("simulator", carrierId, minute(olderAt)).messageId(),
                    "a receipt dated at the older submit is the older message's");
            assertNull(store.find("simulator", carrierId, minute(now.plus(Duration.ofMinutes(40)))),
                    "dated after every submit we know: a newer one not seen yet, never an older message");

            store.complete(older).get();
            assertEquals(newer, store.find("simulator", carrierId, minute(now)).messageId(),
                    "the older message ending leaves the id with the newer one");
            assertTrue(store.completedCarrierId("simulator", carrierId, minute(olderAt)),
                    "the older message's resent receipt is recognised as already recorded");
            assertFalse(store.completedCarrierId("simulator", carrierId, minute(now)),
                    "the newer message's receipt is not taken for the older one's resend");
        } finally {
            store.stop(null);
        }

        CorrelationStore restarted = store(bootstrap, suffix);
        restarted.start(null);
        try {
            assertEquals(newer, restarted.find("simulator", carrierId, minute(now)).messageId(),
                    "after a restart too");
            assertFalse(restarted.inFlight(older));
        } finally {
            restarted.stop(null);
        }
    }

    @Test
    void theSubmitDateIsReadInTheCarriersZone() {
        byte[] text = "id:7 sub:001 dlvrd:001 submit date:2612031405 done date:2612031406 stat:DELIVRD err:000 text:"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(Instant.parse("2026-12-03T14:05:00Z"), SubmitDates.of(text, ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-12-03T13:05:00Z"), SubmitDates.of(text, ZoneId.of("Europe/Berlin")));
        assertEquals(Instant.parse("2026-12-03T14:05:00Z"), SubmitDates.of(
                "id:7 submit date:261203140533 stat:DELIVRD".getBytes(StandardCharsets.US_ASCII), ZoneOffset.UTC),
                "with seconds");
        assertNull(SubmitDates.of("id:7 stat:DELIVRD".getBytes(StandardCharsets.US_ASCII), ZoneOffset.UTC));
        assertNull(SubmitDates.of("id:7 submit date:2613451405 stat:DELIVRD".getBytes(StandardCharsets.US_ASCII),
                ZoneOffset.UTC), "an impossible date is no date");
        Instant taken = Instant.parse("2026-12-03T14:05:40Z");
        Duration skew = Duration.ofMinutes(2);
        assertTrue(SubmitDates.fits(taken, Instant.parse("2026-12-03T14:05:00Z"), skew));
        assertTrue(SubmitDates.fits(taken, null, skew));
        assertFalse(SubmitDates.fits(taken, Instant.parse("2026-12-03T13:40:00Z"), skew));
        assertFalse(SubmitDates.fits(taken, Instant.parse("2026-12-03T14:30:00Z"), skew));
    }

    /** What a receipt's text says for a submit at {@code at}: that minute, UTC. */
    private static Instant minute(Instant at) {
        return SubmitDates.of(("submit date:" + TEXT_DATE.format(at)).getBytes(StandardCharsets.US_ASCII),
                ZoneOffset.UTC);
    }

    private static CorrelationStore store(String bootstrap, String suffix) {
        return new CorrelationStore(bootstrap, 3, "reuse.receipts." + suffix, Duration.ofMinutes(10),
                "reuse.correlation." + suffix, "reuse.orphans." + suffix);
    }

    private static Correlation.Submitted submitted(String messageId, String carrierId, Instant at) {
        return new Correlation.Submitted(1, messageId, "acme", "web", "GB", "vault:v1:token", at, "simulator",
                TextEncoding.GSM7, 1, List.of(carrierId), at, at.plus(1, ChronoUnit.HOURS));
    }
}
