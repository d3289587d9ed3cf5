package dev.sealedsms.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.CloudEvents;
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
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Messages with a {@code notBefore} (scheduled, or deferred past quiet hours) are held sealed in
 * {@code sms.dispatch.scheduled} and reach the carrier when due, not before, exactly once.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(CarrierSimulatorResource.class)
class ScheduledHoldTest {

    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());

    @Test
    void aScheduledMessageIsHeldDurablyAndSubmittedWhenDueNotBefore() throws InterruptedException {
        String body = "canary-scheduled-" + UUID.randomUUID();
        Instant notBefore = Instant.now().plusSeconds(5);
        SealedMessage m = withNotBefore(Sealing.seal("acme", "+447400123350", body, notBefore.plusSeconds(600)),
                notBefore);

        kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(m));

        // held: durably in dispatch's own topic, as sealed bytes, and not at the carrier yet
        ConsumerRecord<String, byte[]> held = kafka.await(Topics.DISPATCH_SCHEDULED, m.messageId());
        assertFalse(new String(held.value(), java.nio.charset.StandardCharsets.UTF_8).contains(body));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), notBefore).toMillis() - 1500));
        assertFalse(submitted(body), "not at the carrier before its time");

        List<Receipt> receipts = kafka.awaitUntil(Topics.RECEIPTS, m.messageId(), Receipt.class,
                rs -> rs.stream().anyMatch(r -> r.status().terminal()));
        assertEquals(List.of(ReceiptStatus.SUBMITTED, ReceiptStatus.DELIVERED),
                receipts.stream().map(Receipt::status).toList());
        assertFalse(receipts.get(0).occurredAt().isBefore(notBefore), "submitted at or after notBefore");
        assertEquals(1, CarrierSimulatorResource.smsc.submissions().stream().filter(s -> s.body().equals(body))
                .count(), "exactly once");
    }

    @Test
    void aHeldRecordIsReleasedByWhicheverReplicaOwnsItsPartition() {
        // As if another replica had held it and died: the record is only in the topic, in no memory.
        String body = "canary-orphan-" + UUID.randomUUID();
        Instant notBefore = Instant.now().plusSeconds(2);
        SealedMessage m = withNotBefore(Sealing.seal("acme", "+447400123351", body, notBefore.plusSeconds(600)),
                notBefore);

        kafka.produce(Topics.DISPATCH_SCHEDULED, m.messageId(), EventJson.write(m));

        Receipt last = last(kafka.awaitUntil(Topics.RECEIPTS, m.messageId(), Receipt.class,
                rs -> rs.stream().anyMatch(r -> r.status().terminal())));
        assertEquals(ReceiptStatus.DELIVERED, last.status());
        assertTrue(submitted(body));
    }

    @Test
    void aHeldEnvelopeThatIsTamperedEndsFailedAndDeadLetteredWhenDue() {
        String body = "canary-held-tampered-" + UUID.randomUUID();
        Instant notBefore = Instant.now().plusSeconds(2);
        SealedMessage m = withNotBefore(Sealing.seal("acme", "+447400123352", body, notBefore.plusSeconds(600)),
                notBefore);
        byte[] ct = Base64.getDecoder().decode(m.ciphertext());
        ct[0] ^= 0x40;
        SealedMessage tampered = new SealedMessage(m.schemaVersion(), m.messageId(), m.tenant(), m.clientId(),
                m.senderId(), m.keyName(), m.keyVersion(), m.wrappedKey(), m.nonce(),
                Base64.getEncoder().encodeToString(ct), m.recipientToken(), m.country(), m.category(), m.segments(),
                m.encoding(), m.acceptedAt(), m.notAfter(), m.sealedAt(), m.notBefore());

        kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(tampered));

        Receipt failed = last(kafka.awaitUntil(Topics.RECEIPTS, m.messageId(), Receipt.class,
                rs -> rs.stream().anyMatch(r -> r.status().terminal())));
        assertEquals(ReceiptStatus.FAILED, failed.status());
        assertEquals("ENVELOPE_TAMPERED", failed.reason());
        assertFalse(failed.occurredAt().isBefore(notBefore), "not even opened before it was due");
        ConsumerRecord<String, byte[]> dead = kafka.await(Topics.dlq(Topics.SEALED), m.messageId());
        assertTrue(CloudEvents.header(dead.headers(), "dead-letter-reason").startsWith("ENVELOPE_TAMPERED"));
        assertFalse(submitted(body));
    }

    private static boolean submitted(String body) {
        return CarrierSimulatorResource.smsc.submissions().stream().anyMatch(s -> s.body().equals(body));
    }

    private static Receipt last(List<Receipt> receipts) {
        return receipts.get(receipts.size() - 1);
    }

    static SealedMessage withNotBefore(SealedMessage m, Instant notBefore) {
        return new SealedMessage(m.schemaVersion(), m.messageId(), m.tenant(), m.clientId(), m.senderId(),
                m.keyName(), m.keyVersion(), m.wrappedKey(), m.nonce(), m.ciphertext(), m.recipientToken(), m.country(),
                m.category(), m.segments(), m.encoding(), m.acceptedAt(), m.notAfter(), m.sealedAt(), notBefore);
    }
}
