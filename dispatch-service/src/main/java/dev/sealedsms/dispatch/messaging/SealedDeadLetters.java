package dev.sealedsms.dispatch.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a dead letter of {@code sms.sealed} may hold: the ids and the reason, never the record.
 *
 * <p>A record that fails to parse may be anything its writer put there, a plaintext body and
 * number included; copied raw, the dead-letter topic would hold what the sealed topic never should.
 * So the dead letter's value is a small JSON object: {@code messageId} (when the record had one of
 * UUID form), {@code tenant} (when it had one of tenant-name form), {@code reason} and
 * {@code bytes} (the size of what was refused). Its key is kept only when it has the form of an id:
 * a UUID (sms.sealed is keyed by message id) or a token that starts with a letter and has no space
 * or '+' (so never a phone number or a sentence), at most 128 characters. Of the headers, only SmallRye's {@code dead-letter-*} ones stay: the
 * source's own ({@code ce_*}, anything a forger added) are dropped.
 *
 * <p>SmallRye's dead-letter strategy copies the record's value, key and headers as they came; it
 * has no hook for the value. It does take the dead-letter producer's serializers from
 * configuration, so {@link ValueSerializer} and {@link KeySerializer} do the redaction there
 * ({@code application.properties}). Kafka's producer serializes before it freezes the record's
 * headers ({@code KafkaProducer.doSend}), which is what lets the value serializer drop them.
 * {@link ScheduledHold} writes its dead letters through {@link #value} and {@link #key} directly.
 */
public final class SealedDeadLetters {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern ID_TOKEN = Pattern.compile("[A-Za-z][A-Za-z0-9._:-]{0,127}");
    /** The headers SmallRye's dead-letter strategy and {@link ScheduledHold} write. */
    private static final Set<String> KEPT = Set.of("dead-letter-reason", "dead-letter-cause",
            "dead-letter-cause-class-name", "dead-letter-exception-class-name", "dead-letter-topic",
            "dead-letter-partition", "dead-letter-offset");

    private SealedDeadLetters() {
    }

    /** The dead letter's value for a refused record {@code raw}: ids when it had them, the reason, its size. */
    public static byte[] value(byte[] raw, String reason) {
        ObjectNode out = JSON.createObjectNode();
        JsonNode record = parse(raw);
        String id = text(record, "messageId");
        if (id != null && UUID.matcher(id).matches()) {
            out.put("messageId", id);
        }
        String tenant = text(record, "tenant");
        if (tenant != null && TENANT.matcher(tenant).matches()) {
            out.put("tenant", tenant);
        }
        out.put("reason", reason == null ? "unknown" : reason);
        out.put("bytes", raw == null ? 0 : raw.length);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The dead letter's key: the record's key when it has an id's form, else none. */
    public static String key(String key) {
        return key != null && (UUID.matcher(key).matches() || ID_TOKEN.matcher(key).matches()) ? key : null;
    }

    private static JsonNode parse(byte[] raw) {
        if (raw == null) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (java.io.IOException notJson) {
            return null; // nothing to keep but the reason and the size
        }
    }

    private static String text(JsonNode record, String field) {
        JsonNode n = record == null ? null : record.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static String header(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** {@code dead-letter-queue.value.serializer} of {@code sealed-in}: writes {@link #value}, keeps only dead-letter headers. */
    public static final class ValueSerializer implements Serializer<byte[]> {

        @Override
        public byte[] serialize(String topic, byte[] data) {
            return value(data, null);
        }

        @Override
        public byte[] serialize(String topic, Headers headers, byte[] data) {
            String reason = header(headers, "dead-letter-reason");
            if (headers != null) {
                for (Header h : headers.toArray()) {
                    if (!KEPT.contains(h.key())) {
                        headers.remove(h.key());
                    }
                }
            }
            return value(data, reason);
        }
    }

    /** {@code dead-letter-queue.key.serializer} of {@code sealed-in}: the key only when it has an id's form. */
    public static final class KeySerializer implements Serializer<String> {

        private final StringSerializer strings = new StringSerializer();

        @Override
        public byte[] serialize(String topic, String data) {
            return strings.serialize(topic, key(data));
        }
    }
}
