package dev.sealedsms.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.Category;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, point 3: the carrier is told each message's validity, and a message whose receipt never
 * comes ends EXPIRED (reason NO_RECEIPT) once its validity and the grace have passed, exactly once.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(SilentCarrierResource.class)
class NoReceiptExpiryTest {

    private static final int MESSAGES = 20;
    private static final DateTimeFormatter SMPP_ABSOLUTE = DateTimeFormatter.ofPattern("yyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    @Test
    void aMessageWithoutReceiptEndsExpiredOnceAfterItsValidity() {
        Instant notAfter = Instant.now().plusSeconds(4);
        Map<String, String> bodyById = new HashMap<>();
        TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());
        for (int i = 0; i < MESSAGES; i++) {
            String body = "silent-" + UUID.randomUUID();
            SealedMessage m = withCategory(Sealing.seal("acme", String.format("+4474006%05d", i), body, notAfter),
                    i % 2 == 0 ? Category.OTP : Category.MARKETING);
            bodyById.put(m.messageId(), body);
            kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(m));
        }

        Map<String, List<Receipt>> receipts = Sealing.awaitAll(bodyById.keySet(), Sealing::terminal,
                Duration.ofSeconds(60));

        for (var e : receipts.entrySet()) {
            List<Receipt> terminal = e.getValue().stream().filter(r -> r.status().terminal()).toList();
            assertEquals(1, terminal.size(), "exactly one terminal receipt for " + e.getKey() + ": " + e.getValue());
            assertEquals(ReceiptStatus.EXPIRED, terminal.get(0).status());
            assertEquals("NO_RECEIPT", terminal.get(0).reason());
            assertTrue(e.getValue().stream().anyMatch(r -> r.status() == ReceiptStatus.SUBMITTED), "it was submitted");
            assertTrue(!terminal.get(0).occurredAt().isBefore(notAfter.plusSeconds(2)),
                    "not before validity plus the grace: " + terminal.get(0).occurredAt());
        }
        Map<String, Submission> byBody = new HashMap<>();
        SilentCarrierResource.smsc.submissions().forEach(s -> byBody.put(s.body(), s));
        for (var e : bodyById.entrySet()) {
            Submission s = byBody.get(e.getValue());
            assertEquals(SMPP_ABSOLUTE.format(notAfter) + "000+", s.validityPeriod(), "validity_period = not-after");
        }
        assertTrue(SilentCarrierResource.smsc.submissions().stream().anyMatch(s -> s.priorityFlag() == 2)
                && SilentCarrierResource.smsc.submissions().stream().anyMatch(s -> s.priorityFlag() == 0),
                "priority_flag follows the category: OTP 2, marketing 0");
    }

    private static SealedMessage withCategory(SealedMessage m, Category c) {
        return new SealedMessage(m.schemaVersion(), m.messageId(), m.tenant(), m.clientId(), m.senderId(),
                m.keyName(), m.keyVersion(), m.wrappedKey(), m.nonce(), m.ciphertext(), m.recipientToken(),
                m.country(), c, m.segments(), m.encoding(), m.acceptedAt(), m.notAfter(), m.sealedAt());
    }
}
