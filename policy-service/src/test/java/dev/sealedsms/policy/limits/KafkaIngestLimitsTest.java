package dev.sealedsms.policy.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.MessageRequest;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.messaging.RequestConsumer;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Kafka ingest is held to the same rate limit: over-limit records end REJECTED with RATE_LIMITED. */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class KafkaIngestLimitsTest {

    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());

    @Test
    void requestsOverTheRateLimitEndRejectedWithTheReason() {
        // given client "metered" (2 messages/s) sends 10 records at once on sms.requests
        List<MessageRequest> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            MessageRequest r = new MessageRequest(1, UUID.randomUUID().toString(), "metered", "+447400123150", "ACME",
                    "kafka rate " + i, null, null, null);
            sent.add(r);
            kafka.produce(Topics.REQUESTS, r.requestId(), EventJson.write(r));
        }

        // then each ends with one receipt, and those over the limit are REJECTED with RATE_LIMITED
        int accepted = 0;
        int limited = 0;
        for (MessageRequest r : sent) {
            Receipt receipt = kafka.awaitUntil(Topics.RECEIPTS, RequestConsumer.messageId(r), Receipt.class,
                    rs -> !rs.isEmpty()).get(0);
            if (receipt.status() == ReceiptStatus.ACCEPTED) {
                accepted++;
            } else {
                assertEquals(ReceiptStatus.REJECTED, receipt.status());
                assertEquals("RATE_LIMITED", receipt.reason());
                limited++;
            }
        }
        assertTrue(accepted >= 1, "none accepted");
        assertTrue(limited >= 1, "none rate-limited: " + accepted + " accepted");
    }
}
