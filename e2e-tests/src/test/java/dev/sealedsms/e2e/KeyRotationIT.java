package dev.sealedsms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.TopicProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Rotation without downtime, end to end: messages sealed under version 1 of a tenant's key, the key
 * rotated by the admin command while crypto-service keeps running, more messages sealed (now under
 * version 2), and dispatch delivers them all. Then {@code retire-below 2}: version-1 envelopes still
 * waiting in Kafka no longer open and end FAILED {@code KEY_UNAVAILABLE}, unsent.
 */
class KeyRotationIT {

    private static final String APPROVED = "rotate.approved";
    private static final String SEALED = "rotate.sealed";
    private static final String RECEIPTS = "rotate.receipts";

    @Test
    void messagesUnderTheOldVersionStillOpenAfterRotationUntilTheVersionIsRetired() throws Exception {
        SealedInfrastructure infra = SealedInfrastructure.get();
        String bootstrap = infra.kafka().bootstrapServers();
        infra.kafka().createTopics(List.of(APPROVED, SEALED, RECEIPTS, APPROVED + ".dlq", SEALED + ".dlq"), 3);
        TopicProbe probe = new TopicProbe(bootstrap, Duration.ofSeconds(120));
        Path root = ServiceConfig.repoRoot();
        Path work = root.resolve("e2e-tests/target/e2e-rotate");
        Files.createDirectories(work);
        String tenant = "rot-" + UUID.randomUUID().toString().substring(0, 8);
        Path adminToken = CryptoShreddingIT.adminTokenFile(work, infra);
        String vault = infra.vault().address();
        assertEquals(0, CryptoShreddingIT.keyAdmin(root, work, adminToken, vault, "create", tenant));

        Map<String, String> crypto = ServiceConfig.cryptoTopics(ServiceConfig.crypto(infra), "rotate");
        crypto.put("sealed.crypto.data-key-max-age", "PT1S"); // so the rotation shows within the test

        Map<String, String> bodies = new LinkedHashMap<>();
        Map<String, Integer> versions = new HashMap<>();
        Map<String, String> lateBodies = new LinkedHashMap<>();
        List<ConsumerRecord<String, byte[]>> late = new ArrayList<>();
        try (ServiceProcess c = ServiceProcess.start(root, "crypto-service", ServiceConfig.freePort(), crypto, work)) {
            // "Late" v1 messages: sealed now, but dispatch's group starts past them, so they are
            // still waiting in Kafka (never submitted) when version 1 is retired.
            sealSome(probe, tenant, 3, lateBodies, versions);
            for (ConsumerRecord<String, byte[]> r : probe.readAll(SEALED)) {
                if (lateBodies.containsKey(r.key())) {
                    late.add(r);
                }
            }
            startDispatchGroupAtTheEnd(bootstrap, probe);

            sealSome(probe, tenant, 5, bodies, versions);
            assertEquals(0, CryptoShreddingIT.keyAdmin(root, work, adminToken, vault, "rotate", tenant));
            Thread.sleep(1_500); // past data-key-max-age: the next seal fetches a new data key
            sealSome(probe, tenant, 5, bodies, versions);
        }
        List<Integer> inOrder = bodies.keySet().stream().map(versions::get).toList();
        assertEquals(List.of(1, 1, 1, 1, 1, 2, 2, 2, 2, 2), inOrder, "five under v1, then five under v2");
        assertTrue(lateBodies.keySet().stream().allMatch(id -> versions.get(id) == 1));

        String password = "rot" + (int) (Math.random() * 1000);
        try (Smsc smsc = Smsc.start(new SmscConfig("127.0.0.1", 0, "sealed", password, Duration.ofMillis(100), null))) {
            Map<String, String> dispatch = ServiceConfig.dispatchTopics(
                    ServiceConfig.dispatch(infra, smsc.port(), password), "rotate");
            dispatch.put("sealed.dispatch.data-key-cache-ttl", "PT1S");

            try (ServiceProcess d = ServiceProcess.start(root, "dispatch-service", ServiceConfig.freePort(), dispatch, work)) {
                Map<String, List<Receipt>> receipts = awaitReceipts(probe, bodies.keySet(), ReceiptStatus.DELIVERED);
                for (String id : bodies.keySet()) {
                    assertTrue(receipts.get(id).stream().anyMatch(r -> r.status() == ReceiptStatus.DELIVERED),
                            "v" + versions.get(id) + " message delivered: " + receipts.get(id));
                }

                // Retire version 1; then the late v1 envelopes reach dispatch.
                assertEquals(0, CryptoShreddingIT.keyAdmin(root, work, adminToken, vault, "retire-below", "2", tenant));
                Thread.sleep(1_500); // past dispatch's data-key cache TTL
                for (ConsumerRecord<String, byte[]> r : late) {
                    probe.produce(SEALED, r.partition(), r.key(), r.value(), r.headers());
                }

                Map<String, List<Receipt>> after = awaitReceipts(probe, lateBodies.keySet(), ReceiptStatus.FAILED);
                for (String id : lateBodies.keySet()) {
                    Receipt failed = after.get(id).stream().filter(r -> r.status() == ReceiptStatus.FAILED)
                            .findFirst().orElseThrow();
                    assertEquals("KEY_UNAVAILABLE", failed.reason());
                    String body = lateBodies.get(id);
                    assertFalse(smsc.submissions().stream().anyMatch(s -> s.body().equals(body)),
                            "a retired-version message was sent");
                }
            }
            String log = Files.readString(work.resolve("dispatch-service.log"));
            lateBodies.values().forEach(b -> assertFalse(log.contains(b)));
        }
    }

    private static final String DISPATCH_GROUP = "dispatch-rotate-it";

    /** dispatch's group has never run: commit it at the current end of every partition. */
    private static void startDispatchGroupAtTheEnd(String bootstrap, TopicProbe probe) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = probe.fromBeginning(SEALED)) {
            consumer.endOffsets(consumer.assignment()).forEach((tp, end) -> offsets.put(tp, new OffsetAndMetadata(end)));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.alterConsumerGroupOffsets(DISPATCH_GROUP, offsets).all().get();
        }
    }

    private static void sealSome(TopicProbe probe, String tenant, int n, Map<String, String> bodies,
            Map<String, Integer> versions) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ApprovedMessage m = CryptoShreddingIT.approved(tenant, String.format("+4474006%05d", bodies.size()),
                    "canary-rotate-" + UUID.randomUUID());
            probe.produce(APPROVED, m.messageId(), EventJson.write(m));
            bodies.put(m.messageId(), m.body());
            ids.add(m.messageId());
        }
        for (String id : ids) {
            versions.put(id, EventJson.read(probe.await(SEALED, id).value(), SealedMessage.class).keyVersion());
        }
    }

    private static Map<String, List<Receipt>> awaitReceipts(TopicProbe probe, java.util.Collection<String> ids,
            ReceiptStatus wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        Map<String, List<Receipt>> byId = new HashMap<>();
        while (Instant.now().isBefore(deadline)) {
            byId.clear();
            for (ConsumerRecord<String, byte[]> r : probe.readAll(RECEIPTS)) {
                Receipt receipt = EventJson.read(r.value(), Receipt.class);
                byId.computeIfAbsent(receipt.messageId(), k -> new ArrayList<>()).add(receipt);
            }
            if (ids.stream().allMatch(id -> byId.getOrDefault(id, List.of()).stream().anyMatch(x -> x.status() == wanted))) {
                return byId;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + wanted + " receipt for all of " + ids + " within 120 s");
    }
}
