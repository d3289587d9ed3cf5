package dev.sealedsms.policy.api;

import dev.sealedsms.policy.rules.Reason;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Turns every {@link ProblemException} into its problem-details response, and the framework's own
 * refusals (400, 404, 405, 406, 413, 415) into problems with a reason code too, so a client
 * switches on {@code reason} for every 4xx it can fix. The router's own refusals, before any
 * resource: {@link HttpProblems}.
 */
public class ProblemMappers {

    /** Headers that name who asks and which request this is: one value or none, never a choice. */
    private static final List<String> SINGLE = List.of(HttpHeaders.AUTHORIZATION, MessageResource.IDEMPOTENCY_KEY);

    /**
     * Two {@code Authorization} or two {@code Idempotency-Key} headers are refused with 400
     * {@code HEADER_AMBIGUOUS} before anything reads them: a proxy and the service could each take a
     * different one (the service would take the first), so the request has no single meaning.
     */
    @ServerRequestFilter(preMatching = true)
    public Optional<Response> singleValued(ContainerRequestContext request) {
        for (String name : SINGLE) {
            List<String> values = request.getHeaders().get(name);
            if (values != null && values.size() > 1) {
                return Optional.of(Problem.of(Reason.HEADER_AMBIGUOUS, "the " + name + " header came "
                        + values.size() + " times; send it once", null).toResponse());
            }
        }
        return Optional.empty();
    }

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
        if (status == 405) {
            Response problem = Problem.of(Reason.METHOD_NOT_ALLOWED, "this path does not take that method; see "
                    + "the OpenAPI document at /q/openapi", null).toResponse();
            String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
            return allow == null ? problem : Response.fromResponse(problem).header(HttpHeaders.ALLOW, allow).build();
        }
        if (status == 406) {
            return Problem.of(Reason.NOT_ACCEPTABLE, "accept application/json or application/problem+json", null)
                    .toResponse();
        }
        if (status == 404) {
            return HttpProblems.PATH_NOT_FOUND.toResponse();
        }
        if (status == 400) {
            return HttpProblems.MALFORMED.toResponse();
        }
        return e.getResponse();
    }
}
