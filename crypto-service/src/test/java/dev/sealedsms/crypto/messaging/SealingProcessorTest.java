package dev.sealedsms.crypto.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.envelope.Envelope;
import dev.sealedsms.envelope.EnvelopeTamperedException;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.CloudEvents;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedContent;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** crypto-service against real Kafka and a real OpenBao, with its least-privilege token. */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "crypto"))
class SealingProcessorTest {

    private static final String NUMBER = "+447400123456";

    @Test
    void sealsAnApprovedMessageSoThatOnlyDispatchCanOpenIt() {
        String body = "canary-body-" + UUID.randomUUID();
        ApprovedMessage m = approved("acme", NUMBER, body);

        produce(m.messageId(), EventJson.write(m));
        ConsumerRecord<String, byte[]> rec = await(Topics.SEALED, m.messageId());

        String wire = new String(rec.value(), StandardCharsets.UTF_8);
        assertFalse(wire.contains(body), "plaintext body on sms.sealed");
        assertFalse(wire.contains("447400123456"), "number on sms.sealed");
        assertEquals(SealedMessage.TYPE, CloudEvents.header(rec.headers(), CloudEvents.TYPE));
        SealedMessage s = EventJson.read(rec.value(), SealedMessage.class);
        assertEquals("sms-dek-acme", s.keyName());
        assertTrue(s.recipientToken().startsWith("vault:v1:"), s.recipientToken());
        assertEquals(m.segments(), s.segments());

        SealedContent opened = open(s, s.associatedData());
        assertEquals(NUMBER, opened.recipient());
        assertEquals(body, opened.body());
    }

    @Test
    void theSealedFormFailsToOpenUnderOtherAssociatedData() {
        ApprovedMessage m = approved("acme", NUMBER, "canary-aad");
        produce(m.messageId(), EventJson.write(m));
        SealedMessage s = EventJson.read(await(Topics.SEALED, m.messageId()).value(), SealedMessage.class);

        assertThrows(EnvelopeTamperedException.class,
                () -> open(s, SealedMessage.associatedData(s.schemaVersion(), "another-id", s.tenant())));
        assertThrows(EnvelopeTamperedException.class,
                () -> open(s, SealedMessage.associatedData(s.schemaVersion(), s.messageId(), "globex")));
    }

    @Test
    void theCiphertextChangesWhenTheBodyChangesAndTheTokenDoesNot() {
        ApprovedMessage a = approved("acme", NUMBER, "body one");
        ApprovedMessage b = approved("acme", NUMBER, "body two");
        produce(a.messageId(), EventJson.write(a));
        produce(b.messageId(), EventJson.write(b));

        SealedMessage sa = EventJson.read(await(Topics.SEALED, a.messageId()).value(), SealedMessage.class);
        SealedMessage sb = EventJson.read(await(Topics.SEALED, b.messageId()).value(), SealedMessage.class);

        assertNotEquals(sa.ciphertext(), sb.ciphertext());
        assertEquals(sa.recipientToken(), sb.recipientToken(), "same number, same pseudonym");
        // Data keys are reused across messages: Vault is called per key, not per message.
        assertEquals(sa.wrappedKey(), sb.wrappedKey());
    }

    @Test
    void aTenantWithoutKeysGetsAFailedReceiptAndADeadLetter() {
        ApprovedMessage m = approved("nokeys", NUMBER, "canary-nokeys");

        produce(m.messageId(), EventJson.write(m));

        Receipt failed = EventJson.read(await(Topics.RECEIPTS, m.messageId()).value(), Receipt.class);
        assertEquals(ReceiptStatus.FAILED, failed.status());
        assertEquals("KEY_MISSING", failed.reason());
        ConsumerRecord<String, byte[]> dead = await(Topics.dlq(Topics.APPROVED), m.messageId());
        assertTrue(CloudEvents.header(dead.headers(), "dead-letter-reason").contains("KEY_MISSING"));
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicWithAReasonThatDoesNotQuoteIt() {
        String key = "malformed-" + UUID.randomUUID();
        produce(key, "{\"messageId\":\"x\",\"recipient\":+447400123456 canary".getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<String, byte[]> dead = await(Topics.dlq(Topics.APPROVED), key);
        String reason = CloudEvents.header(dead.headers(), "dead-letter-reason");
        assertTrue(reason.startsWith("malformed ApprovedMessage"), reason);
        assertFalse(reason.contains("447400123456"), reason);
    }

    @Test
    void reportsReadyWithAClosedVaultCircuit() {
        io.restassured.RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'vault' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'vault' }.data.circuit", org.hamcrest.Matchers.equalTo("CLOSED"));
    }

    private static SealedContent open(SealedMessage s, byte[] aad) {
        TransitClient dispatch = new TransitClient(SealedInfrastructure.get().vault().address(),
                SealedInfrastructure.get().tokens().dispatch(), "transit", Duration.ofSeconds(2), Duration.ofSeconds(5));
        byte[] key = dispatch.decryptDataKey(s.keyName(), s.wrappedKey());
        byte[] plain = Envelope.open(Envelope.key(key), Base64.getDecoder().decode(s.nonce()),
                Base64.getDecoder().decode(s.ciphertext()), aad);
        return EventJson.read(plain, SealedContent.class);
    }

    private static ApprovedMessage approved(String tenant, String number, String body) {
        Instant now = Instant.now();
        return new ApprovedMessage(1, UUID.randomUUID().toString(), tenant, "web", "ACME", number, body,
                Category.TRANSACTIONAL, "GB", 1, TextEncoding.GSM7, "p1", now, now.plusSeconds(600));
    }

    private static void produce(String key, byte[] value) {
        probe().produce(Topics.APPROVED, key, value);
    }

    private static ConsumerRecord<String, byte[]> await(String topic, String key) {
        return probe().await(topic, key);
    }

    private static TopicProbe probe() {
        return new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());
    }
}
