package dev.sealedsms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
import dev.sealedsms.simulator.smsc.Submission;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.TopicProbe;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * The kill test: dispatch-service is killed (SIGKILL) while messages are in flight and receipts
 * are still owed, then started again. Every message must end with exactly one terminal receipt
 * (receipts owed to the dead instance are correlated by the new one through the durable mapping),
 * and the carrier's duplicate submits are counted.
 */
class DispatchRestartIT {

    private static final int MESSAGES = 400;
    // Its own topics and groups, like the other ITs: MessagePathIT owns the default ones.
    private static final String APPROVED = "restart.approved";
    private static final String SEALED = "restart.sealed";
    private static final String RECEIPTS = "restart.receipts";
    private static final Duration DEADLINE = Duration.ofSeconds(240);

    @Test
    void aKilledDispatchLosesNoReceiptAndSubmitsAlmostNothingTwice() throws Exception {
        Path root = ServiceConfig.repoRoot();
        Path work = root.resolve("e2e-tests/target/e2e-restart");
        SealedInfrastructure infra = SealedInfrastructure.get();
        String bootstrap = infra.kafka().bootstrapServers();
        infra.kafka().createTopics(List.of(APPROVED, SEALED, RECEIPTS, APPROVED + ".dlq", SEALED + ".dlq"), 3);
        String pw = HexFormat.of().formatHex(SecureRandom.getSeed(4));
        // Receipts 3 s after the submit: many are still owed when dispatch is killed.
        try (Smsc smsc = Smsc.start(new SmscConfig("127.0.0.1", 0, "sealed", pw, Duration.ofSeconds(3), null))) {
            Map<String, String> crypto = ServiceConfig.cryptoTopics(ServiceConfig.crypto(infra), "restart");
            Map<String, String> dispatch = ServiceConfig.dispatchTopics(ServiceConfig.dispatch(infra, smsc.port(), pw),
                    "restart");
            dispatch.put("sealed.smpp.binds", "2");
            // A slow carrier, so the kill lands mid-stream.
            dispatch.put("sealed.smpp.max-tps", "100");
            try (ServiceProcess cryptoService = ServiceProcess.start(root, "crypto-service", ServiceConfig.freePort(), crypto, work)) {
                ServiceProcess first = ServiceProcess.start(root, "dispatch-service", ServiceConfig.freePort(), dispatch, work);
                Map<String, String> bodyById = new HashMap<>();
                TopicProbe kafka = new TopicProbe(bootstrap);
                Instant at = Instant.now();
                for (int i = 0; i < MESSAGES; i++) {
                    String id = UUID.randomUUID().toString();
                    String body = "restart-" + UUID.randomUUID();
                    bodyById.put(id, body);
                    kafka.produce(APPROVED, id, EventJson.write(new ApprovedMessage(1, id, "acme", "e2e", "ACME",
                            String.format("+4474005%05d", i), body, Category.TRANSACTIONAL, "GB", 1, TextEncoding.GSM7,
                            "restart-it", at, at.plusSeconds(3600))));
                }
                Map<String, List<Receipt>> receipts = new HashMap<>();
                bodyById.keySet().forEach(id -> receipts.put(id, new java.util.ArrayList<>()));
                try (KafkaConsumer<String, byte[]> c = kafka.fromBeginning(RECEIPTS)) {
                    follow(c, receipts, r -> count(r, ReceiptStatus.SUBMITTED) >= MESSAGES / 3, DEADLINE);
                    first.kill();
                    int submittedAtKill = count(receipts, ReceiptStatus.SUBMITTED);
                    try (ServiceProcess second = ServiceProcess.start(root, "dispatch-service", ServiceConfig.freePort(), dispatch,
                            work)) {
                        follow(c, receipts, r -> r.values().stream().allMatch(DispatchRestartIT::terminal), DEADLINE);
                        Map<String, Long> submits = smsc.submissions().stream()
                                .collect(Collectors.groupingBy(Submission::body, Collectors.counting()));
                        long duplicates = bodyById.values().stream().mapToLong(b -> submits.getOrDefault(b, 0L) - 1)
                                .filter(n -> n > 0).sum();
                        System.out.printf("kill test: %d messages, %d SUBMITTED before SIGKILL, %d duplicate submits%n",
                                MESSAGES, submittedAtKill, duplicates);
                        for (var e : receipts.entrySet()) {
                            List<Receipt> terminal = e.getValue().stream().filter(r -> r.status().terminal()).toList();
                            assertEquals(1, terminal.size(), "one terminal receipt for " + e.getKey());
                            assertEquals(ReceiptStatus.DELIVERED, terminal.get(0).status());
                            assertTrue(submits.getOrDefault(bodyById.get(e.getKey()), 0L) >= 1);
                        }
                        assertTrue(duplicates <= 2L * 64, "duplicates bounded by the windows in flight at the kill: "
                                + duplicates);
                    }
                }
            }
        }
    }

    private static boolean terminal(List<Receipt> rs) {
        return rs.stream().anyMatch(r -> r.status().terminal());
    }

    private static int count(Map<String, List<Receipt>> receipts, ReceiptStatus s) {
        return (int) receipts.values().stream().filter(l -> l.stream().anyMatch(r -> r.status() == s)).count();
    }

    private static void follow(KafkaConsumer<String, byte[]> c, Map<String, List<Receipt>> receipts,
            java.util.function.Predicate<Map<String, List<Receipt>>> done, Duration max) {
        Instant deadline = Instant.now().plus(max);
        while (!done.test(receipts)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not done within " + max + ": "
                        + receipts.values().stream().filter(l -> !terminal(l)).count() + " without a terminal receipt");
            }
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                List<Receipt> l = receipts.get(r.key());
                if (l != null) {
                    l.add(EventJson.read(r.value(), Receipt.class));
                }
            }
        }
    }

}
