package dev.sealedsms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.testsupport.OpenBaoFileServer;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.ServiceTokens;
import dev.sealedsms.testsupport.TopicProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Vault goes away in the middle of a stream and comes back: crypto-service (its packaged jar, as
 * operators run it) must stop sealing, report not-ready, and resume by itself, losing nothing and
 * sealing nothing twice. Vault is a real OpenBao with file storage, so a restart keeps the keys and
 * comes back sealed; the test unseals it as an operator would. Topics are this test's own, so it
 * shares the broker with the other end-to-end tests without touching their records.
 */
class VaultOutageIT {

    private static final String APPROVED = "outage.approved";
    private static final String SEALED = "outage.sealed";
    private static final String RECEIPTS = "outage.receipts";
    private static final int MESSAGES = 240;

    @Test
    void cryptoServiceHoldsReportsNotReadyAndResumesWhenOpenBaoRestartsMidStream() throws Exception {
        SealedInfrastructure infra = SealedInfrastructure.get();
        String bootstrap = infra.kafka().bootstrapServers();
        infra.kafka().createTopics(List.of(APPROVED, SEALED, RECEIPTS, APPROVED + ".dlq"), 3);
        TopicProbe probe = new TopicProbe(bootstrap, Duration.ofSeconds(180));
        Path work = ServiceConfig.repoRoot().resolve("e2e-tests/target/e2e-outage");

        try (OpenBaoFileServer bao = OpenBaoFileServer.start()) {
            ServiceTokens tokens = bao.bootstrap("acme");
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", bootstrap);
            config.put("sealed.vault.address", bao.address());
            config.put("sealed.vault.token", tokens.crypto());
            config.put("sealed.vault.read-timeout", "PT2S");
            config.put("sealed.vault.retry-max", "PT1S");
            config.put("sealed.vault.breaker-open-duration", "PT1S");
            ServiceConfig.cryptoTopics(config, "outage");
            int port = ServiceConfig.freePort();

            try (ServiceProcess crypto = ServiceProcess.start(ServiceConfig.repoRoot(), "crypto-service", port, config, work)) {
                Set<String> ids = new LinkedHashSet<>();
                AtomicInteger n = new AtomicInteger();
                // A third before the outage, a third during it, a third after: every number is new,
                // so every message needs a Transit HMAC and none can be sealed from caches alone.
                produce(probe, ids, n, MESSAGES / 3);
                awaitSealed(probe, ids);

                bao.stop();
                produce(probe, ids, n, MESSAGES / 3);
                awaitReadiness(port, 503, Duration.ofSeconds(60));
                Thread.sleep(3_000); // an outage longer than every retry inside one Vault call
                assertEquals(503, readiness(port), "still not ready while Vault is down");

                bao.restart();
                awaitReadiness(port, 200, Duration.ofSeconds(90));
                produce(probe, ids, n, MESSAGES - 2 * (MESSAGES / 3));

                Map<String, Integer> sealedCount = awaitSealed(probe, ids);
                assertEquals(ids, sealedCount.keySet(), "every message sealed, and no other");
                sealedCount.forEach((id, count) -> assertEquals(1, count, id + " sealed " + count + " times"));
                assertEquals(0, probe.readAll(RECEIPTS).size(), "no FAILED receipt: an outage is not a failure");
                assertEquals(0, probe.readAll(APPROVED + ".dlq").size(), "nothing dead-lettered");
            }
        }
    }

    private static void produce(TopicProbe probe, Set<String> ids, AtomicInteger n, int count) {
        for (int i = 0; i < count; i++) {
            Instant now = Instant.now();
            ApprovedMessage m = new ApprovedMessage(1, UUID.randomUUID().toString(), "acme", "web", "ACME",
                    String.format("+4474008%05d", n.getAndIncrement()), "canary-outage-" + UUID.randomUUID(),
                    Category.TRANSACTIONAL, "GB", 1, TextEncoding.GSM7, "p1", now, now.plusSeconds(3600));
            probe.produce(APPROVED, m.messageId(), EventJson.write(m));
            ids.add(m.messageId());
        }
    }

    /** Reads SEALED until every id in {@code ids} is there; returns how often each id was sealed. */
    private static Map<String, Integer> awaitSealed(TopicProbe probe, Set<String> ids) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        Map<String, Integer> counts = new HashMap<>();
        while (Instant.now().isBefore(deadline)) {
            counts.clear();
            for (ConsumerRecord<String, byte[]> r : probe.readAll(SEALED)) {
                SealedMessage s = EventJson.read(r.value(), SealedMessage.class);
                assertEquals(r.key(), s.messageId(), "key is the message id");
                counts.merge(s.messageId(), 1, Integer::sum);
            }
            if (counts.keySet().containsAll(ids)) {
                return counts;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("sealed " + counts.size() + " of " + ids.size() + " within 180 s");
    }

    private static void awaitReadiness(int port, int status, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            last = readiness(port);
            if (last == status) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("readiness never became " + status + " within " + timeout + " (last " + last + ")");
    }

    private static int readiness(int port) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

}
