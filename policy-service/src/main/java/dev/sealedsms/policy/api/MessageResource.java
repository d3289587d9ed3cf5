package dev.sealedsms.policy.api;

import dev.sealedsms.events.Category;
import dev.sealedsms.policy.auth.ApiKeyAuthenticator;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.policy.rules.Submission;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** {@code POST /v1/messages}: authenticate, check the request's shape, then let the policy decide. */
@Path("/v1/messages")
public class MessageResource {

    private static final int MAX_BODY_CHARS = 5_000;
    private static final int MIN_VALIDITY_SECONDS = 60;
    private static final int MAX_VALIDITY_SECONDS = 7 * 24 * 3600;

    private final ApiKeyAuthenticator authenticator;
    private final SubmissionService submissions;

    MessageResource(ApiKeyAuthenticator authenticator, SubmissionService submissions) {
        this.authenticator = authenticator;
        this.submissions = submissions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Uni<Response> send(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        Principal principal = authenticator.authenticate(authorization)
                .orElseThrow(() -> new ProblemException(Problem.of(Reason.UNAUTHENTICATED,
                        "send 'Authorization: Bearer <api key>'", null)));
        SendRequest request = RequestJson.parse(body, SendRequest.class);
        require("to", request.to());
        require("from", request.from());
        require("body", request.body());
        if (request.body().length() > MAX_BODY_CHARS) {
            throw new ProblemException(Problem.of(Reason.FIELD_INVALID,
                    "field 'body' is longer than " + MAX_BODY_CHARS + " characters", null));
        }
        if (request.clientReference() != null && request.clientReference().length() > 128) {
            throw new ProblemException(Problem.of(Reason.FIELD_INVALID,
                    "field 'clientReference' is longer than 128 characters", null));
        }
        Category category = category(request.category());
        Duration validity = null;
        if (request.validityPeriod() != null) {
            if (request.validityPeriod() < MIN_VALIDITY_SECONDS || request.validityPeriod() > MAX_VALIDITY_SECONDS) {
                throw new ProblemException(Problem.of(Reason.FIELD_INVALID, "field 'validityPeriod' must be "
                        + MIN_VALIDITY_SECONDS + " to " + MAX_VALIDITY_SECONDS + " seconds", null));
            }
            validity = Duration.ofSeconds(request.validityPeriod());
        }
        Submission submission = new Submission(principal, request.to(), request.from(), request.body(), category,
                validity);
        return submissions.submit(submission).map(outcome -> outcome.toResponse(request.clientReference()));
    }

    private static Category category(String wire) {
        if (wire == null) {
            return Category.TRANSACTIONAL;
        }
        for (Category c : Category.values()) {
            if (c.wireName().equals(wire)) {
                return c;
            }
        }
        throw new ProblemException(Problem.of(Reason.FIELD_INVALID,
                "field 'category' must be transactional, marketing or otp", null));
    }

    private static void require(String field, String value) {
        if (value == null) {
            throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "field '" + field + "' is required", null));
        }
    }
}
