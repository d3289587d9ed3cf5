package dev.sealedsms.policy.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.policy.rules.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses request bodies ourselves rather than through the framework's reader, so every error is
 * a problem with a reason code, and none quotes the input (Jackson's messages do, and the input
 * may be a body or a number).
 *
 * <p>Stricter than the event mapper, because a request is read once, at the edge: the body must be
 * UTF-8 (no overlong forms, no UTF-16), one JSON value with nothing after it (checked here, so
 * that trailing text is MALFORMED_JSON), no key twice (parsers
 * that disagree on which one wins are a smuggling vector), and no fraction where an integer goes.
 */
final class RequestJson {

    private RequestJson() {
    }

    static <T> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "request body is required", null));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(Problem.of(Reason.MALFORMED_JSON, "request body is not valid UTF-8", null));
        }
        if (text.isBlank()) {
            throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "request body is required", null));
        }
        try {
            T value;
            try (JsonParser parser = EventJson.mapper().createParser(text)) {
                value = reader(type).readValue(parser);
                if (parser.nextToken() != null) {
                    throw new ProblemException(Problem.of(Reason.MALFORMED_JSON,
                            "request body has more after its JSON value", null));
                }
            }
            if (value == null) {
                throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "request body is required", null));
            }
            return value;
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputCoercionException) {
                throw new ProblemException(Problem.of(Reason.FIELD_INVALID,
                        "field '" + EventJson.path(e) + "' is a number out of range", null));
            }
            if (e.getCause() instanceof JsonProcessingException) {
                // A syntax error met while binding a field: the JSON is broken, not the field.
                throw malformed(e);
            }
            throw new ProblemException(Problem.of(Reason.FIELD_INVALID, "field '" + EventJson.path(e) + "' "
                    + (e instanceof MismatchedInputException ? "has the wrong type" : "has a value that is not allowed"),
                    null));
        } catch (InputCoercionException e) {
            String field = e.getProcessor() instanceof JsonParser p && p.getParsingContext() != null
                    ? p.getParsingContext().getCurrentName() : null;
            throw new ProblemException(Problem.of(Reason.FIELD_INVALID,
                    "field '" + (field == null ? "<root>" : field) + "' is a number out of range", null));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new ProblemException(Problem.of(Reason.MALFORMED_JSON, "request body could not be read", null));
        }
    }

    private static ProblemException malformed(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return new ProblemException(Problem.of(Reason.MALFORMED_JSON, "request body is not valid JSON" + where, null));
    }

    private static ObjectReader reader(Class<?> type) {
        return EventJson.mapper().readerFor(type)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // Trailing text is checked in parse, so it answers MALFORMED_JSON, not a field error.
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
