package dev.sealedsms.events;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
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
            .addModule(new SimpleModule("exact-enums").setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                        BeanDescription description, JsonDeserializer<?> deserializer) {
                    return new ExactEnum(deserializer);
                }
            }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Strict, because a record is acted on as written (issue 22): a field given twice could
            // inject a second recipient (Jackson keeps the last), an enum index or a second JSON
            // value after the first would pass for something no writer of ours produces.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
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
        if (e instanceof JsonParseException jpe && jpe.getMessage() != null && jpe.getMessage().startsWith("Duplicate field")
                && jpe.getLocation() != null) {
            // Not the field's name: in a forged record it can be anything, a number included.
            reason.append(": a field given twice at line ").append(jpe.getLocation().getLineNr()).append(", column ")
                    .append(jpe.getLocation().getColumnNr());
        } else if (e instanceof InvalidFormatException ife) {
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

    /**
     * An enum value is its constant's name exactly. Jackson trims a name that does not match
     * ({@code String.trim}, so also NUL and other control characters) and retries, which took
     * {@code "OPTED_IN\u0000"} for {@code OPTED_IN} (issue 22).
     */
    private static final class ExactEnum extends DelegatingDeserializer {

        ExactEnum(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new ExactEnum(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                String text = p.getText();
                if (text.isEmpty() || text.chars().anyMatch(c -> c <= ' ' || Character.isISOControl(c))) {
                    return ctxt.handleWeirdStringValue(handledType(), text, "not exactly a constant's name");
                }
            }
            return super.deserialize(p, ctxt);
        }
    }
}
