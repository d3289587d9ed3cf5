package dev.sealedsms.contractcheck;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.CloudEvents;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.TextEncoding;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The receipts the analyst examples run on, written as the services write them: the events
 * module's records, {@link EventJson}, CloudEvents headers with each stage as {@code ce_source},
 * key = message id. docs/analysts.md shows the examples' output on exactly this data.
 *
 * <p>Ten messages end: at carrier-a 3 of 4 are delivered, at carrier-b 2 of 4, one fails before any
 * carrier (its tenant key is missing); one is rejected by the policy (never accepted, not counted);
 * one is still in flight (not counted); msg-01's DELIVERED receipt arrives twice (a redelivery,
 * counted once).
 */
final class ReceiptsDataSet {

    static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    /** message id, carrier (null: never reached one), country, final status (null: still in flight). */
    private record Outcome(String messageId, String carrier, String country, ReceiptStatus last, String reason,
            String errorCode) {
    }

    private static final List<Outcome> OUTCOMES = List.of(
            new Outcome("msg-01", "carrier-a", "GB", ReceiptStatus.DELIVERED, null, null),
            new Outcome("msg-02", "carrier-a", "GB", ReceiptStatus.DELIVERED, null, null),
            new Outcome("msg-03", "carrier-a", "GB", ReceiptStatus.UNDELIVERED, "CARRIER_UNDELIVERABLE", "0x0000000B"),
            new Outcome("msg-04", "carrier-a", "FR", ReceiptStatus.DELIVERED, null, null),
            new Outcome("msg-05", "carrier-b", "GB", ReceiptStatus.EXPIRED, "VALIDITY_EXPIRED", null),
            new Outcome("msg-06", "carrier-b", "GB", ReceiptStatus.DELIVERED, null, null),
            new Outcome("msg-07", "carrier-b", "DE", ReceiptStatus.DELIVERED, null, null),
            new Outcome("msg-08", "carrier-b", "DE", ReceiptStatus.FAILED, "CARRIER_REJECTED", "0x00000045"),
            new Outcome("msg-09", null, "DE", ReceiptStatus.FAILED, "KEY_MISSING", null),
            new Outcome("msg-10", null, "GB", ReceiptStatus.REJECTED, "RECIPIENT_NOT_ALLOWED", null),
            new Outcome("msg-11", "carrier-a", "FR", null, null, null));

    /** One record as a service writes it. */
    record Written(String key, Receipt receipt, String source, String ceId, byte[] value) {
        String json() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private ReceiptsDataSet() {
    }

    /** Every receipt of the data set, in the order the stages write them. */
    static List<Written> receipts() {
        List<Written> out = new ArrayList<>();
        for (int i = 0; i < OUTCOMES.size(); i++) {
            Outcome o = OUTCOMES.get(i);
            Instant accepted = START.plusSeconds(60L * i);
            ApprovedMessage approved = new ApprovedMessage(1, o.messageId, "acme", "web", "ACME", "+447400000000",
                    "not in any receipt", Category.TRANSACTIONAL, o.country, 1, TextEncoding.GSM7, "sha256:4f1c",
                    accepted, accepted.plusSeconds(86_400));
            if (o.last == ReceiptStatus.REJECTED) {
                out.add(written(Receipt.of(approved, ReceiptStatus.REJECTED, accepted, o.reason), "policy-service"));
                continue;
            }
            out.add(written(Receipt.of(approved, ReceiptStatus.ACCEPTED, accepted, null), "policy-service"));
            if (o.carrier == null) {
                out.add(written(Receipt.of(approved, o.last, accepted.plusMillis(40), o.reason), "crypto-service"));
                continue;
            }
            SealedMessage sealed = new SealedMessage(1, o.messageId, "acme", "web", "ACME", "acme-messages", 1,
                    "vault:v1:d3JhcHBlZA==", "bm9uY2Vub25jZQ==", "Y2lwaGVydGV4dA==", token(o.messageId), o.country,
                    Category.TRANSACTIONAL, 1, TextEncoding.GSM7, accepted, accepted.plusSeconds(86_400),
                    accepted.plusMillis(40));
            String carrierId = "c" + o.messageId.substring(4);
            out.add(written(Receipt.of(sealed, ReceiptStatus.SUBMITTED, accepted.plusMillis(250), null, null,
                    o.carrier, carrierId), "dispatch-service"));
            if (o.last != null) {
                Receipt terminal = Receipt.of(sealed, o.last, accepted.plusSeconds(4), o.reason, o.errorCode,
                        o.carrier, carrierId);
                out.add(written(terminal, "dispatch-service"));
                if (o.messageId.equals("msg-01")) {
                    out.add(out.get(out.size() - 1)); // the same record again: redelivered, same ce_id
                }
            }
        }
        return out;
    }

    /** Writes the data set to {@code topic}, acknowledged by all replicas. */
    static void produce(String bootstrap, String topic) throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (Written w : receipts()) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, w.key(), w.value(),
                        CloudEvents.headers(w.ceId(), Receipt.TYPE, w.source(), w.receipt().occurredAt()));
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Written written(Receipt r, String source) {
        String ceId = UUID.nameUUIDFromBytes((r.messageId() + "/" + r.status()).getBytes(StandardCharsets.UTF_8))
                .toString();
        return new Written(r.messageId(), r, source, ceId, EventJson.write(r));
    }

    /** A stand-in for the HMAC pseudonym: what matters is that it is not the number. */
    private static String token(String messageId) {
        return "vault:v1:" + UUID.nameUUIDFromBytes(("token/" + messageId).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 16);
    }
}
