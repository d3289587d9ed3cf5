package dev.sealedsms.policy.api;

import dev.sealedsms.policy.rules.Reason;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every {@link ProblemException} into its problem-details response, and the framework's own
 * refusals of a body (too large for {@code quarkus.http.limits.max-body-size}, not JSON) into
 * problems with a reason code too, so a client switches on {@code reason} for every 4xx it can fix.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return Problem.of(Reason.PAYLOAD_TOO_LARGE, "the request body is over the limit; a batch of 1,000 "
                    + "messages of 5,000 characters fits", null).toResponse();
        }
        if (status == 415) {
            return Problem.of(Reason.UNSUPPORTED_MEDIA_TYPE, "send 'Content-Type: application/json'", null)
                    .toResponse();
        }
        return e.getResponse();
    }
}
