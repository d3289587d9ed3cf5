package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.envelope.DataKey;
import dev.sealedsms.envelope.Envelope;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitKeys;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.SealedContent;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.SealedInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Test helpers: seal as crypto-service does (its token), and follow receipts of many messages at once. */
final class Sealing {

    private static TransitClient crypto;
    private static final Map<String, DataKey> KEYS = new HashMap<>();
    private static final Map<String, String> TOKENS = new HashMap<>();

    private Sealing() {
    }

    static synchronized SealedMessage seal(String tenant, String number, String body, Instant notAfter) {
        SealedInfrastructure infra = SealedInfrastructure.get();
        if (crypto == null) {
            crypto = new TransitClient(infra.vault().address(), infra.tokens().crypto(), "transit",
                    Duration.ofSeconds(2), Duration.ofSeconds(5));
        }
        DataKey key = KEYS.computeIfAbsent(tenant, t -> crypto.newDataKey(TransitKeys.dataKey(t)));
        String id = UUID.randomUUID().toString();
        Envelope.Sealed sealed = Envelope.seal(Envelope.key(key.plaintext()),
                EventJson.write(new SealedContent(number, body)), SealedMessage.associatedData(1, id, tenant));
        Base64.Encoder b64 = Base64.getEncoder();
        Instant now = Instant.now();
        return new SealedMessage(1, id, tenant, "web", "ACME", key.keyName(), key.keyVersion(), key.wrapped(),
                b64.encodeToString(sealed.nonce()), b64.encodeToString(sealed.ciphertext()),
                TOKENS.computeIfAbsent(tenant + number, k -> crypto.hmac(TransitKeys.recipientKey(tenant), number)),
                "GB", Category.TRANSACTIONAL, 1,
                TextEncoding.GSM7, now, notAfter, now);
    }

    static String token(String tenant, String number) {
        seal(tenant, number, "x", Instant.now().plusSeconds(60));
        return crypto.hmac(TransitKeys.recipientKey(tenant), number);
    }

    /** Receipts of {@code ids}, read until {@code done} holds for every id's list or the deadline passes. */
    static Map<String, List<Receipt>> awaitAll(Set<String> ids, Predicate<List<Receipt>> done, Duration max) {
        Map<String, List<Receipt>> byId = new HashMap<>();
        ids.forEach(id -> byId.put(id, new ArrayList<>()));
        Instant deadline = Instant.now().plus(max);
        var probe = new dev.sealedsms.testsupport.TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());
        try (KafkaConsumer<String, byte[]> c = probe.fromBeginning(Topics.RECEIPTS)) {
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    List<Receipt> l = byId.get(r.key());
                    if (l != null) {
                        l.add(EventJson.read(r.value(), Receipt.class));
                    }
                }
                if (byId.values().stream().allMatch(done)) {
                    return byId;
                }
            }
        }
        return byId;
    }

    static boolean terminal(List<Receipt> rs) {
        return rs.stream().anyMatch(r -> r.status().terminal());
    }
}
