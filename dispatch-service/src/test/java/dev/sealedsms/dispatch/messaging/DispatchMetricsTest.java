package dev.sealedsms.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.dispatch.metrics.DispatchMetrics;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.SealedMessage;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What Prometheus scrapes from dispatch-service at /q/metrics after real messages went through real
 * Kafka, a real OpenBao and the carrier simulator (two binds, window 64). Tenant globex: the other
 * test classes of this Quarkus app send as acme, so the counts here are this test's own.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(CarrierSimulatorResource.class)
class DispatchMetricsTest {

    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());

    @Test
    void countsEachLifecycleStatusByCarrierAndTimesItFromAcceptance() {
        PrometheusScrape before = scrape();
        List<SealedMessage> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(Sealing.seal("globex", newNumber(), "metrics " + i, Instant.now().plusSeconds(600)));
        }
        sent.add(Sealing.seal("globex", "+" + CarrierSimulatorResource.UNDELIVERABLE_PREFIX + "913", "metrics undeliverable",
                Instant.now().plusSeconds(600)));
        sent.add(Sealing.seal("globex", newNumber(), "metrics expired", Instant.now().minusSeconds(1)));

        sent.forEach(m -> kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(m)));
        Set<String> ids = new LinkedHashSet<>(sent.stream().map(SealedMessage::messageId).toList());
        Sealing.awaitAll(ids, Sealing::terminal, Duration.ofSeconds(60));
        // Counted when Kafka acknowledges each receipt, which may be a moment after a reader saw it:
        // 4 SUBMITTED, 3 DELIVERED, 1 UNDELIVERED, 1 EXPIRED.
        PrometheusScrape after = settled(before, 9, "sealed_messages_total", "tenant", "globex");

        assertEquals(9, delta(before, after, "sealed_messages_total", "tenant", "globex"));
        assertEquals(4, delta(before, after, "sealed_messages_total", "status", "SUBMITTED", "tenant", "globex",
                "carrier", "simulator"));
        assertEquals(3, delta(before, after, "sealed_messages_total", "status", "DELIVERED", "tenant", "globex",
                "carrier", "simulator", "reason", "none"));
        assertEquals(1, delta(before, after, "sealed_messages_total", "status", "UNDELIVERED", "tenant", "globex",
                "carrier", "simulator", "reason", "CARRIER_UNDELIV"));
        assertEquals(1, delta(before, after, "sealed_messages_total", "status", "EXPIRED", "tenant", "globex",
                "carrier", DispatchMetrics.NO_CARRIER, "reason", "VALIDITY_PASSED"));
        assertEquals(4, delta(before, after, "sealed_accepted_to_submitted_seconds_count", "carrier", "simulator"));
        assertEquals(3, delta(before, after, "sealed_accepted_to_terminal_seconds_count", "carrier", "simulator",
                "status", "DELIVERED"));
        assertEquals(1, delta(before, after, "sealed_accepted_to_terminal_seconds_count", "carrier", "simulator",
                "status", "UNDELIVERED"));
        assertEquals(4, delta(before, after, "sealed_smpp_submit_seconds_count", "carrier", "simulator", "outcome", "ok"),
                "one submit_sm per message, none for the expired one");
        assertTrue(after.has("sealed_messages_total", "service", DispatchMetrics.SERVICE));
    }

    @Test
    void servesTheWindowAndStateOfEveryBind() throws InterruptedException {
        // The binds come up on their own schedule after start-up (on a loaded machine, after the
        // first scrape): wait for the gauge to say so, then check every series.
        PrometheusScrape s = scrape();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (s.sum("sealed_smpp_bind_up", "carrier", "simulator") < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = scrape();
        }

        for (String bind : List.of("1", "2")) {
            assertEquals(64, s.sum("sealed_smpp_window_size", "carrier", "simulator", "bind", bind));
            assertEquals(1, s.sum("sealed_smpp_bind_up", "carrier", "simulator", "bind", bind), "bind " + bind + " up");
            assertTrue(s.has("sealed_smpp_window_in_flight", "carrier", "simulator", "bind", bind));
        }
        double inFlight = s.sum("sealed_smpp_window_in_flight", "carrier", "simulator");
        assertTrue(inFlight >= 0 && inFlight <= 128, "in flight within both windows: " + inFlight);
        assertEquals(2, s.samples().stream().filter(x -> x.name().equals("sealed_smpp_window_size")).count(),
                "one series per bind, no more");
    }

    @Test
    void servesTheConsumerLagOfItsSealedConsumerAndTheVaultCircuit() {
        PrometheusScrape s = PrometheusScrape.awaitServed(DispatchMetricsTest::scrape, Duration.ofSeconds(30),
                "kafka_consumer_fetch_manager_records_lag_max", "client_id", "kafka-consumer-sealed-in");

        assertTrue(s.has("kafka_consumer_fetch_manager_records_lag_max", "service", DispatchMetrics.SERVICE,
                "client_id", "kafka-consumer-sealed-in"), s.names().toString());
        assertTrue(s.has("sealed_vault_circuit_state", "service", DispatchMetrics.SERVICE));
    }

    @Test
    void servesEveryMetricDocumentedForIt() {
        SealedMessage m = Sealing.seal("globex", newNumber(), "metrics doc", Instant.now().plusSeconds(600));
        kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(m));
        Sealing.awaitAll(Set.of(m.messageId()), Sealing::terminal, Duration.ofSeconds(60));

        PrometheusScrape s = PrometheusScrape.awaitServed(DispatchMetricsTest::scrape, java.time.Duration.ofSeconds(30),
                "kafka_consumer_fetch_manager_records_lag_max");

        assertFalse(MetricsDoc.load().namesFor(DispatchMetrics.SERVICE).isEmpty());
        for (String name : MetricsDoc.load().namesFor(DispatchMetrics.SERVICE)) {
            assertTrue(MetricsDoc.served(s, name), name + " is in docs/metrics.md but not served");
        }
    }

    @Test
    void noBodyNumberOrIdAppearsAnywhereInTheScrape() {
        String body = "canary-body-" + UUID.randomUUID();
        String number = newNumber();
        SealedMessage m = Sealing.seal("globex", number, body, Instant.now().plusSeconds(600));

        kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(m));
        Sealing.awaitAll(Set.of(m.messageId()), Sealing::terminal, Duration.ofSeconds(60));
        String text = scrape().text();

        assertFalse(text.contains(body), "body in the scrape");
        assertFalse(text.contains(number.substring(1)), "number in the scrape");
        assertFalse(text.contains(m.messageId()), "message id (unbounded) in the scrape");
        assertFalse(text.contains(m.recipientToken()), "recipient token in the scrape");
    }

    private static String newNumber() {
        return "+4474009" + ThreadLocalRandom.current().nextInt(10000, 99999);
    }

    private static PrometheusScrape scrape() {
        return PrometheusScrape.parse(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** Scrapes until {@code name} moved by {@code expected} since {@code before}, or {@link #SETTLE} passed. */
    private static PrometheusScrape settled(PrometheusScrape before, double expected, String name, String... labels) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        PrometheusScrape now = scrape();
        while (delta(before, now, name, labels) < expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = scrape();
        }
        return now;
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
