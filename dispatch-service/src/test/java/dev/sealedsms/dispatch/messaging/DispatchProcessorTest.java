package dev.sealedsms.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.envelope.DataKey;
import dev.sealedsms.envelope.Envelope;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitKeys;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.CloudEvents;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedContent;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.TextEncoding;
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
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * dispatch-service against real Kafka, a real OpenBao (its decrypt-only token) and the carrier
 * simulator. Envelopes are sealed here the way crypto-service seals them, with crypto's token.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(CarrierSimulatorResource.class)
class DispatchProcessorTest {

    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());

    @Test
    void submitsToTheCarrierAndReportsSubmittedThenDelivered() {
        SealedMessage m = Sealing.seal("acme", "+447400123321", "Hello € [x] {y} ~^|\\", Instant.now().plusSeconds(600));

        kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(m));

        List<Receipt> receipts = awaitTerminal(m.messageId());
        assertEquals(List.of(ReceiptStatus.SUBMITTED, ReceiptStatus.DELIVERED),
                receipts.stream().map(Receipt::status).toList());
        Receipt delivered = receipts.get(1);
        assertEquals("simulator", delivered.carrier());
        assertEquals(receipts.get(0).carrierMessageId(), delivered.carrierMessageId());
        assertEquals(m.recipientToken(), delivered.recipientToken());
        Submission s = submission(delivered.carrierMessageId());
        assertEquals("447400123321", s.destinationAddr());
        assertEquals("Hello € [x] {y} ~^|\\", s.body(), "GSM-7 extension characters arrive intact");
        assertEquals(0, s.dataCoding());
    }

    @Test
    void sendsUnicodeAsUcs2Intact() {
        String body = "Καλημέρα مرحبا 😀";
        SealedMessage m = Sealing.seal("acme", "+447400123322", body, Instant.now().plusSeconds(600));

        kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(m));

        Receipt delivered = last(awaitTerminal(m.messageId()));
        Submission s = submission(delivered.carrierMessageId());
        assertEquals(body, s.body());
        assertEquals(8, s.dataCoding());
    }

    @Test
    void anUndeliverableReceiptBecomesUndelivered() {
        SealedMessage m = Sealing.seal("acme", "+" + CarrierSimulatorResource.UNDELIVERABLE_PREFIX + "912", "x",
                Instant.now().plusSeconds(600));

        kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(m));

        Receipt r = last(awaitTerminal(m.messageId()));
        assertEquals(ReceiptStatus.UNDELIVERED, r.status());
        assertEquals("CARRIER_UNDELIV", r.reason());
    }

    @Test
    void aMessagePastItsValidityIsNeverSubmittedAndEndsExpired() {
        String body = "canary-expired-" + UUID.randomUUID();
        SealedMessage m = Sealing.seal("acme", "+447400123323", body, Instant.now().minusSeconds(1));

        kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(m));

        List<Receipt> receipts = awaitTerminal(m.messageId());
        assertEquals(List.of(ReceiptStatus.EXPIRED), receipts.stream().map(Receipt::status).toList());
        assertFalse(CarrierSimulatorResource.smsc.submissions().stream().anyMatch(s -> s.body().equals(body)));
    }

    @Test
    void aTamperedEnvelopeIsNeverSubmittedEndsFailedAndIsDeadLettered() {
        String body = "canary-tampered-" + UUID.randomUUID();
        SealedMessage m = Sealing.seal("acme", "+447400123324", body, Instant.now().plusSeconds(600));
        byte[] ct = Base64.getDecoder().decode(m.ciphertext());
        ct[0] ^= 0x40;
        SealedMessage tampered = withCiphertext(m, Base64.getEncoder().encodeToString(ct));

        kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(tampered));

        Receipt failed = last(awaitTerminal(m.messageId()));
        assertEquals(ReceiptStatus.FAILED, failed.status());
        assertEquals("ENVELOPE_TAMPERED", failed.reason());
        ConsumerRecord<String, byte[]> dead = kafka.await(Topics.dlq(Topics.SEALED), m.messageId());
        assertTrue(CloudEvents.header(dead.headers(), "dead-letter-reason").startsWith("ENVELOPE_TAMPERED"));
        assertFalse(CarrierSimulatorResource.smsc.submissions().stream().anyMatch(s -> s.body().equals(body)));
    }

    @Test
    void aPlaintextRecordOnTheSealedTopicIsDeadLetteredWithItsIdsAndReasonOnly() throws Exception {
        // Issue 22, point 7: a record that fails to parse was copied raw, so the dead letter of a sealed
        // topic held a plaintext body and number. Now it keeps the ids and the reason only.
        String id = UUID.randomUUID().toString();
        String body = "canary-plain-" + UUID.randomUUID();
        String number = "+447400177" + (100 + (int) (Math.random() * 899));
        byte[] plaintext = ("{\"schemaVersion\":1,\"messageId\":\"" + id + "\",\"tenant\":\"acme\",\"to\":\""
                + number + "\",\"body\":\"" + body + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals
                .RecordHeaders();
        headers.add("ce_subject", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add("x-forged", number.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        kafka.produce(Topics.SEALED, null, id, plaintext, headers);

        ConsumerRecord<String, byte[]> dead = kafka.await(Topics.dlq(Topics.SEALED), id);
        String value = new String(dead.value(), java.nio.charset.StandardCharsets.UTF_8);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(value);
        assertEquals(id, json.path("messageId").asText());
        assertEquals("acme", json.path("tenant").asText());
        assertEquals(plaintext.length, json.path("bytes").asInt());
        assertFalse(json.path("reason").asText().isBlank(), value);
        assertEquals(json.path("reason").asText(), CloudEvents.header(dead.headers(), "dead-letter-reason"));
        for (org.apache.kafka.common.header.Header h : dead.headers()) {
            assertTrue(h.key().startsWith("dead-letter-"), "header " + h.key() + " kept");
            String v = new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
            assertFalse(v.contains(body) || v.contains(number.substring(1)), h.key());
        }
        assertFalse(value.contains(body), value);
        assertFalse(value.contains(number.substring(1)), value);
    }

    @Test
    void aKeyVaultDoesNotHaveEndsFailedKeyDestroyed() {
        SealedMessage m = Sealing.seal("acme", "+447400123325", "x", Instant.now().plusSeconds(600));
        SealedMessage orphan = new SealedMessage(m.schemaVersion(), m.messageId(), "gone", m.clientId(), m.senderId(),
                TransitKeys.dataKey("gone"), m.keyVersion(), m.wrappedKey(), m.nonce(), m.ciphertext(),
                m.recipientToken(), m.country(), m.category(), m.segments(), m.encoding(), m.acceptedAt(),
                m.notAfter(), m.sealedAt());

        kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(orphan));

        Receipt failed = last(awaitTerminal(m.messageId()));
        assertEquals(ReceiptStatus.FAILED, failed.status());
        assertEquals("KEY_DESTROYED", failed.reason());
        assertNotNull(kafka.await(Topics.dlq(Topics.SEALED), m.messageId()));
    }

    // --- helpers ---------------------------------------------------------------------------

    private List<Receipt> awaitTerminal(String messageId) {
        return kafka.awaitUntil(Topics.RECEIPTS, messageId, Receipt.class, rs -> rs.stream().anyMatch(
                r -> r.status().terminal()));
    }

    private static Receipt last(List<Receipt> receipts) {
        return receipts.get(receipts.size() - 1);
    }

    private static Submission submission(String carrierMessageId) {
        return CarrierSimulatorResource.smsc.submissions().stream()
                .filter(s -> s.carrierMessageId().equals(carrierMessageId)).findFirst().orElseThrow();
    }

    private static SealedMessage withCiphertext(SealedMessage m, String ciphertext) {
        return new SealedMessage(m.schemaVersion(), m.messageId(), m.tenant(), m.clientId(), m.senderId(),
                m.keyName(), m.keyVersion(), m.wrappedKey(), m.nonce(), ciphertext, m.recipientToken(), m.country(),
                m.category(), m.segments(), m.encoding(), m.acceptedAt(), m.notAfter(), m.sealedAt());
    }
}
