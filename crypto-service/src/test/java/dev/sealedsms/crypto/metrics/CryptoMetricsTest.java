package dev.sealedsms.crypto.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.MetricsDoc;
import dev.sealedsms.testsupport.PrometheusScrape;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What Prometheus scrapes from crypto-service at /q/metrics, after real messages went through real
 * Kafka and a real OpenBao. Tenant globex: the other test classes send as acme, so the counts here
 * are this test's own.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "crypto"))
class CryptoMetricsTest {

    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());

    @Test
    void countsAndTimesEachSealAndItsVaultCalls() {
        PrometheusScrape before = scrape();
        List<ApprovedMessage> sent = IntStream.range(0, 5)
                .mapToObj(i -> approved("globex", "+4474009" + (10000 + (int) (Math.random() * 89999)), "metrics " + i))
                .toList();

        sent.forEach(m -> kafka.produce(Topics.APPROVED, m.messageId(), EventJson.write(m)));
        sent.forEach(m -> kafka.await(Topics.SEALED, m.messageId()));
        PrometheusScrape after = scrape();

        assertEquals(5, delta(before, after, "sealed_messages_total", "status", "SEALED", "tenant", "globex"));
        assertEquals(5, delta(before, after, "sealed_seal_seconds_count", "tenant", "globex"));
        assertEquals(5, delta(before, after, "sealed_seal_seconds_bucket", "tenant", "globex", "le", "+Inf"));
        assertTrue(delta(before, after, "sealed_vault_requests_total", "outcome", "ok") >= 1,
                "recipient tokens of new numbers come from Vault");
        assertTrue(after.has("sealed_vault_circuit_state"));
        assertEquals(0, after.sum("sealed_vault_circuit_state"), "circuit closed");
        assertTrue(after.has("sealed_messages_total", "service", "crypto-service"), "every meter names its service");
    }

    @Test
    void countsAMessageThatCannotBeSealedAsFailedWithItsReason() {
        PrometheusScrape before = scrape();
        ApprovedMessage m = approved("nokeys", "+447400900001", "metrics nokeys");

        kafka.produce(Topics.APPROVED, m.messageId(), EventJson.write(m));
        kafka.await(Topics.dlq(Topics.APPROVED), m.messageId());
        PrometheusScrape after = scrape();

        assertEquals(1, delta(before, after, "sealed_messages_total", "status", "FAILED", "reason", "KEY_MISSING",
                "tenant", "nokeys"));
        assertTrue(delta(before, after, "sealed_vault_requests_total", "outcome", "error") >= 1,
                "Vault refused: the key does not exist");
    }

    @Test
    void servesTheConsumerLagOfItsKafkaConsumer() {
        PrometheusScrape s = PrometheusScrape.awaitServed(CryptoMetricsTest::scrape, java.time.Duration.ofSeconds(30),
                "kafka_consumer_fetch_manager_records_lag_max", "service", CryptoMetrics.SERVICE);

        assertTrue(s.has("kafka_consumer_fetch_manager_records_lag_max", "service", CryptoMetrics.SERVICE), s.names().toString());
    }

    @Test
    void servesEveryMetricDocumentedForIt() {
        ApprovedMessage m = approved("globex", "+447400900002", "metrics doc");
        kafka.produce(Topics.APPROVED, m.messageId(), EventJson.write(m));
        kafka.await(Topics.SEALED, m.messageId());

        PrometheusScrape s = PrometheusScrape.awaitServed(CryptoMetricsTest::scrape, java.time.Duration.ofSeconds(30),
                "kafka_consumer_fetch_manager_records_lag_max");

        for (String name : MetricsDoc.load().namesFor(CryptoMetrics.SERVICE)) {
            assertTrue(MetricsDoc.served(s, name), name + " is in docs/metrics.md but not served");
        }
        assertFalse(MetricsDoc.load().namesFor(CryptoMetrics.SERVICE).isEmpty());
    }

    @Test
    void noBodyOrNumberAppearsAnywhereInTheScrape() {
        String body = "canary-body-" + UUID.randomUUID();
        String number = "+4474009" + (10000 + (int) (Math.random() * 89999));
        ApprovedMessage m = approved("globex", number, body);

        kafka.produce(Topics.APPROVED, m.messageId(), EventJson.write(m));
        kafka.await(Topics.SEALED, m.messageId());
        String text = scrape().text();

        assertFalse(text.contains(body), "body in the scrape");
        assertFalse(text.contains(number.substring(1)), "number in the scrape");
        assertFalse(text.contains(m.messageId()), "message id (unbounded) in the scrape");
    }

    private static PrometheusScrape scrape() {
        return PrometheusScrape.parse(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static ApprovedMessage approved(String tenant, String number, String body) {
        Instant now = Instant.now();
        return new ApprovedMessage(1, UUID.randomUUID().toString(), tenant, "web", "GLOBEX", number, body,
                Category.TRANSACTIONAL, "GB", 1, TextEncoding.GSM7, "p1", now, now.plusSeconds(600));
    }
}
