package dev.sealedsms.events;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form of every event, in one place, so that every service writes and reads the wire
 * format the same way.
 *
 * <p>Parse errors become {@link MalformedEventException}s whose message names the location and the
 * field, never the offending text: Jackson's own messages quote the input, which could be a body or
 * a phone number.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private EventJson() {
    }

    /** The shared mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            // Only reachable for a type that Jackson cannot serialise: a programming error.
            throw new UncheckedIOException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    /** Parses {@code json} as {@code type}; a bad record is a {@link MalformedEventException}. */
    public static <T> T read(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new MalformedEventException("empty record value, expected a " + type.getSimpleName());
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new MalformedEventException(describe(e, type));
        }
    }

    private static String describe(IOException e, Class<?> type) {
        StringBuilder reason = new StringBuilder("malformed ").append(type.getSimpleName());
        if (e instanceof InvalidFormatException ife) {
            reason.append(": bad value for field '").append(path(ife)).append("'");
        } else if (e instanceof MismatchedInputException mie) {
            reason.append(": wrong type or missing value for field '").append(path(mie)).append("'");
        } else if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()
                && !(jme.getCause() instanceof JsonProcessingException)) {
            // e.g. an enum constant the record does not know: the JSON is valid, the value is not.
            reason.append(": bad value for field '").append(path(jme)).append("'");
        } else if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
            JsonLocation at = jpe.getLocation();
            reason.append(": not valid JSON at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
        } else {
            reason.append(": ").append(e.getClass().getSimpleName());
        }
        return reason.toString();
    }

    /** The dotted path of the field a mismatch is about ({@code a.b[2]}), never its value. */
    public static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "<root>" : sb.toString();
    }
}
