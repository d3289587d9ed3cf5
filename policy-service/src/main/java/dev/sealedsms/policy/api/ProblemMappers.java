package dev.sealedsms.policy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.sealedsms.policy.rules.Reason;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every request error into problem details with a reason code. Jackson's own messages quote
 * the offending input (which may be a body or a number), so they are replaced by a location or a
 * field name.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = e.getPath().isEmpty() ? "<root>" : e.getPath().get(e.getPath().size() - 1).getFieldName();
        return Problem.of(Reason.FIELD_INVALID, "field '" + field + "' has the wrong type", null).toResponse();
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return Problem.of(Reason.MALFORMED_JSON, "request body is not valid JSON" + where, null).toResponse();
    }
}
