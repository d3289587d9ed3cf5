package dev.sealedsms.policy.api;

import dev.sealedsms.policy.auth.ApiKeyAuthenticator;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.policy.rules.Submission;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/messages} and {@code POST /v1/messages:batch}: authenticate, check each request's
 * shape, then let the policy decide. Only clients with role {@code sender} may send (403
 * ROLE_NOT_ALLOWED otherwise).
 */
@Path("/v1")
public class MessageResource {

    static final int MAX_BATCH = 1_000;

    private final ApiKeyAuthenticator authenticator;
    private final SubmissionService submissions;

    MessageResource(ApiKeyAuthenticator authenticator, SubmissionService submissions) {
        this.authenticator = authenticator;
        this.submissions = submissions;
    }

    @POST
    @Path("messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Send one message", description = "202 with the message id once the message is durably "
            + "accepted; 400/401/422/503 as RFC 9457 problem details with a stable reason code.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = SendResponse.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "ROLE_NOT_ALLOWED: only clients with role 'sender' send",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> send(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = SendRequest.class)))
            byte[] body) {
        Principal principal = sender(authorization);
        SendRequest request = RequestJson.parse(body, SendRequest.class);
        return submissions.submit(Requests.submission(principal, request.to(), request.from(), request.body(),
                request.category(), request.validityPeriod(), request.clientReference()))
                .map(outcome -> outcome.toResponse(request.clientReference()));
    }

    /**
     * {@code POST /v1/messages:batch}: up to {@value #MAX_BATCH} messages, each decided on its own.
     * Answers 200 with one result per item, in order; an item's {@code status} is what the single
     * endpoint would have answered for it.
     */
    @POST
    @Path("messages:batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Send up to 1,000 messages", description = "200 with one result per item, in order.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BatchResponse.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "ROLE_NOT_ALLOWED: only clients with role 'sender' send",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<BatchResponse> sendBatch(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = BatchRequest.class)))
            byte[] body) {
        Principal principal = sender(authorization);
        BatchRequest batch = RequestJson.parse(body, BatchRequest.class);
        if (batch.messages() == null || batch.messages().isEmpty()) {
            throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "field 'messages' needs at least one item", null));
        }
        if (batch.messages().size() > MAX_BATCH) {
            throw new ProblemException(Problem.of(Reason.FIELD_INVALID,
                    "field 'messages' has more than " + MAX_BATCH + " items", null));
        }
        List<Uni<BatchResponse.Item>> items = new ArrayList<>(batch.messages().size());
        for (int i = 0; i < batch.messages().size(); i++) {
            int index = i;
            SendRequest request = batch.messages().get(i);
            if (request == null) {
                items.add(Uni.createFrom().item(BatchResponse.Item.of(index,
                        Problem.of(Reason.FIELD_MISSING, "item is null", null))));
                continue;
            }
            try {
                Submission s = Requests.submission(principal, request.to(), request.from(), request.body(),
                        request.category(), request.validityPeriod(), request.clientReference());
                items.add(submissions.submit(s).map(o -> o.toItem(index, request.clientReference())));
            } catch (ProblemException e) {
                items.add(Uni.createFrom().item(BatchResponse.Item.of(index, e.problem())));
            }
        }
        return Uni.join().all(items).andFailFast().map(BatchResponse::of);
    }

    private Principal sender(String authorization) {
        Principal principal = authenticate(authenticator, authorization);
        if (!principal.maySend()) {
            throw new ProblemException(Problem.of(Reason.ROLE_NOT_ALLOWED,
                    "role '" + principal.role().wireName() + "' may not send messages; only 'sender' may", null));
        }
        return principal;
    }

    static Principal authenticate(ApiKeyAuthenticator authenticator, String authorization) {
        return authenticator.authenticate(authorization)
                .orElseThrow(() -> new ProblemException(Problem.of(Reason.UNAUTHENTICATED,
                        "send 'Authorization: Bearer <api key>'", null)));
    }
}
