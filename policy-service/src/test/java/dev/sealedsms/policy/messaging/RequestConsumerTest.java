package dev.sealedsms.policy.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.CloudEvents;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.MessageRequest;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Kafka ingest against a real broker: the same rules as the API, bad records dead-lettered. */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class RequestConsumerTest {

    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());

    @Test
    void anAcceptableRequestIsApprovedUnderAStableMessageId() {
        MessageRequest r = request("web", "+447400123130", "ACME", "kafka canary " + UUID.randomUUID());

        kafka.produce(Topics.REQUESTS, r.requestId(), EventJson.write(r));

        String id = RequestConsumer.messageId(r);
        ApprovedMessage approved = EventJson.read(kafka.await(Topics.APPROVED, id).value(), ApprovedMessage.class);
        assertEquals("acme", approved.tenant());
        assertEquals(r.body(), approved.body());
        List<Receipt> receipts = kafka.awaitUntil(Topics.RECEIPTS, id, Receipt.class, rs -> !rs.isEmpty());
        assertEquals(ReceiptStatus.ACCEPTED, receipts.get(0).status());
        assertEquals(id, RequestConsumer.messageId(request("web", "x", "y", "z", r.requestId())),
                "the id depends on client and request id only");
    }

    @Test
    void aTemplateRequestIsRenderedBeforeItIsApproved() {
        MessageRequest r = new MessageRequest(1, UUID.randomUUID().toString(), "templated", "+447400123132", "ACME",
                null, null, null, null, new MessageRequest.Template("otp", java.util.Map.of("code", "7777")));

        kafka.produce(Topics.REQUESTS, r.requestId(), EventJson.write(r));

        ApprovedMessage approved = EventJson.read(kafka.await(Topics.APPROVED, RequestConsumer.messageId(r)).value(),
                ApprovedMessage.class);
        assertEquals("Your ACME code is 7777. Do not share it.", approved.body());
    }

    @Test
    void aRequestThePolicyRefusesEndsRejected() {
        MessageRequest r = request("web", "+447400123131", "NOTOURS", "x");

        kafka.produce(Topics.REQUESTS, r.requestId(), EventJson.write(r));

        List<Receipt> receipts = kafka.awaitUntil(Topics.RECEIPTS, RequestConsumer.messageId(r), Receipt.class,
                rs -> !rs.isEmpty());
        assertEquals(ReceiptStatus.REJECTED, receipts.get(0).status());
        assertEquals("SENDER_NOT_ALLOWED", receipts.get(0).reason());
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithAReasonThatQuotesNothing() {
        String malformed = "bad-" + UUID.randomUUID();
        kafka.produce(Topics.REQUESTS, malformed,
                "{\"requestId\":\"r\",\"to\":+447400123132 canary".getBytes(StandardCharsets.UTF_8));
        MessageRequest unknown = request("nobody", "+447400123133", "ACME", "canary-unknown");
        kafka.produce(Topics.REQUESTS, unknown.requestId(), EventJson.write(unknown));
        MessageRequest missing = request("web", "+447400123134", "ACME", null);
        kafka.produce(Topics.REQUESTS, missing.requestId(), EventJson.write(missing));

        assertReason(kafka.await(Topics.dlq(Topics.REQUESTS), malformed), "malformed MessageRequest");
        assertReason(kafka.await(Topics.dlq(Topics.REQUESTS), unknown.requestId()), "UNKNOWN_CLIENT");
        assertReason(kafka.await(Topics.dlq(Topics.REQUESTS), missing.requestId()), "FIELD_MISSING");
    }

    @Test
    void aClientWhoseRoleMayNotSendIsDeadLettered() {
        MessageRequest r = request("acme-auditor", "+447400123135", "ACME", "canary-auditor");

        kafka.produce(Topics.REQUESTS, r.requestId(), EventJson.write(r));

        assertReason(kafka.await(Topics.dlq(Topics.REQUESTS), r.requestId()), "ROLE_NOT_ALLOWED");
    }

    private static void assertReason(ConsumerRecord<String, byte[]> dead, String expected) {
        String reason = CloudEvents.header(dead.headers(), "dead-letter-reason");
        assertTrue(reason.contains(expected), reason);
        assertFalse(reason.contains("447400123"), reason);
        assertFalse(reason.contains("canary"), reason);
    }

    private static MessageRequest request(String client, String to, String from, String body) {
        return request(client, to, from, body, UUID.randomUUID().toString());
    }

    private static MessageRequest request(String client, String to, String from, String body, String requestId) {
        return new MessageRequest(1, requestId, client, to, from, body, null, null, null);
    }
}
