package dev.sealedsms.policy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.policy.rules.Reason;
import java.io.IOException;

/**
 * Parses request bodies ourselves rather than through the framework's reader, so every error is
 * a problem with a reason code, and none quotes the input (Jackson's messages do, and the input
 * may be a body or a number).
 */
final class RequestJson {

    private RequestJson() {
    }

    static <T> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "request body is required", null));
        }
        try {
            T value = EventJson.mapper().readValue(body, type);
            if (value == null) {
                throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "request body is required", null));
            }
            return value;
        } catch (MismatchedInputException e) {
            throw new ProblemException(Problem.of(Reason.FIELD_INVALID,
                    "field '" + EventJson.path(e) + "' has the wrong type", null));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ProblemException(Problem.of(Reason.MALFORMED_JSON, "request body is not valid JSON" + where, null));
        } catch (IOException e) {
            throw new ProblemException(Problem.of(Reason.MALFORMED_JSON, "request body could not be read", null));
        }
    }
}
