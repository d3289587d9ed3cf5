package dev.sealedsms.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: the event's id, type, source and time travel
 * as {@code ce_*} headers and the record value is the event data (JSON).
 */
public final class CloudEvents {

    public static final String SPEC_VERSION = "1.0";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPECVERSION = "ce_specversion";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEvents() {
    }

    /** The binary-mode headers of one event. */
    public static Headers headers(String id, String type, String source, Instant time) {
        RecordHeaders headers = new RecordHeaders();
        put(headers, SPECVERSION, SPEC_VERSION);
        put(headers, ID, id);
        put(headers, TYPE, type);
        put(headers, SOURCE, source);
        put(headers, TIME, DateTimeFormatter.ISO_INSTANT.format(time));
        put(headers, CONTENT_TYPE, "application/json");
        return headers;
    }

    /** The last value of header {@code name} as UTF-8, or null when absent. */
    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
