package dev.sealedsms.policy.api;

import dev.sealedsms.policy.auth.ApiKeyAuthenticator;
import dev.sealedsms.policy.auth.Principal;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.policy.idempotency.Fingerprint;
import dev.sealedsms.policy.idempotency.Idempotency;
import dev.sealedsms.policy.idempotency.IdempotencyLedger.Answer;
import dev.sealedsms.policy.idempotency.IdempotencyStore;
import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.policy.rules.Submission;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/messages} and {@code POST /v1/messages:batch}: authenticate, check each request's
 * shape, then let the policy decide. Only clients with role {@code sender} may send (403
 * ROLE_NOT_ALLOWED otherwise).
 *
 * <p>{@value #IDEMPOTENCY_KEY}: scoped per client. On the single endpoint, a retry with the same
 * key and body gets the first answer and the same message id; with another body, 409
 * IDEMPOTENCY_KEY_REUSED. On the batch endpoint the key covers the whole call: item {@code i} gets
 * a message id derived from client, key and {@code i}, and a replay returns the first batch answer
 * (items refused with 429 or 503 included: retry those under a new key). See DESIGN.md.
 */
@Path("/v1")
public class MessageResource {

    private static final Logger LOG = Logger.getLogger(MessageResource.class);
    static final int MAX_BATCH = 1_000;
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ApiKeyAuthenticator authenticator;
    private final SubmissionService submissions;
    private final Idempotency idempotency;

    MessageResource(ApiKeyAuthenticator authenticator, SubmissionService submissions, Idempotency idempotency) {
        this.authenticator = authenticator;
        this.submissions = submissions;
        this.idempotency = idempotency;
    }

    @POST
    @Path("messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Send one message", description = "202 with the message id once the message is durably "
            + "accepted; 400/401/409/422/429/503 as RFC 9457 problem details with a stable reason code.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = SendResponse.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "ROLE_NOT_ALLOWED: only clients with role 'sender' send",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Idempotency-Key reused with a different request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "RATE_LIMITED or QUOTA_EXCEEDED; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> send(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Parameter(description = "Per client: a retry with the same key and body gets the same answer and "
                    + "message id; another body gets 409 IDEMPOTENCY_KEY_REUSED. 1 to 255 visible ASCII characters, "
                    + "kept 24 h.")
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = SendRequest.class)))
            byte[] body) {
        Principal principal = sender(authorization);
        SendRequest request = RequestJson.parse(body, SendRequest.class);
        Submission s = Requests.submission(principal, request.to(), request.from(), request.body(),
                request.template(), request.category(), request.validityPeriod(), request.clientReference(),
                        Requests.sendAt(request.sendAt()));
        if (idempotencyKey == null) {
            return submissions.submit(s).map(outcome -> outcome.toResponse(request.clientReference()));
        }
        String messageId = IdempotencyStore.messageId(principal.clientId(), checked(idempotencyKey), "");
        return idempotent(principal, idempotencyKey, request, () -> submissions.submit(s, messageId)
                .map(outcome -> answer(outcome.toResponse(request.clientReference()))));
    }

    /**
     * Runs {@code action} once per client and key across replicas and answers what its first run
     * answered: the first request and every replay get the same status and the same JSON.
     */
    private Uni<Response> idempotent(Principal principal, String key, Object request, Supplier<Uni<Answer>> action) {
        return idempotency.execute(principal.clientId(), key, Fingerprint.of(request), action)
                .map(MessageResource::replay)
                .onFailure(IdempotencyStore.KeyReusedException.class).transform(e -> new ProblemException(
                        Problem.of(Reason.IDEMPOTENCY_KEY_REUSED,
                                "this Idempotency-Key was used for a different request; use a new key", null)))
                .onFailure(Idempotency.LedgerUnavailableException.class).transform(e -> new ProblemException(
                        Problem.of(Reason.UNAVAILABLE, "the Idempotency-Key could not be checked; nothing was "
                                + "accepted, retry later", null)));
    }

    /** The answer as it is remembered: status, media type and the entity written as JSON. */
    private static Answer answer(Response r) {
        try {
            String retryAfter = r.getHeaderString("Retry-After");
            return new Answer(r.getStatus(), r.getMediaType() != null ? r.getMediaType().toString()
                    : MediaType.APPLICATION_JSON, EventJson.mapper().writeValueAsString(r.getEntity()),
                    retryAfter != null ? Long.valueOf(retryAfter) : null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an answer as JSON", e);
        }
    }

    private static Response replay(Answer a) {
        Response.ResponseBuilder r = Response.status(a.status()).type(a.mediaType()).entity(a.json());
        if (a.retryAfterSeconds() != null) {
            r.header("Retry-After", Long.toString(a.retryAfterSeconds()));
        }
        return r.build();
    }

    private static String checked(String key) {
        if (!IdempotencyStore.isValidKey(key)) {
            throw new ProblemException(Problem.of(Reason.FIELD_INVALID, "header '" + IDEMPOTENCY_KEY
                    + "' must be 1 to " + IdempotencyStore.MAX_KEY_LENGTH + " visible ASCII characters", null));
        }
        return key;
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
    @APIResponse(responseCode = "409", description = "Idempotency-Key reused with a different batch",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "ROLE_NOT_ALLOWED: only clients with role 'sender' send",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> sendBatch(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Parameter(description = "Covers the whole call: a replay with the same key and batch gets the first "
                    + "batch answer, item i keeping its message id; another batch gets 409 IDEMPOTENCY_KEY_REUSED.")
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
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
        if (idempotencyKey == null) {
            return decideBatch(principal, batch, i -> null).map(b -> Response.ok(b).build());
        }
        String key = checked(idempotencyKey);
        return idempotent(principal, key, batch, () -> decideBatch(principal, batch,
                i -> IdempotencyStore.messageId(principal.clientId(), key, "batch-item-" + i))
                .map(b -> answer(Response.ok(b, MediaType.APPLICATION_JSON).build())));
    }

    /** Decides each item; {@code ids} gives an item's message id, or null for a random one. */
    private Uni<BatchResponse> decideBatch(Principal principal, BatchRequest batch, Function<Integer, String> ids) {
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
                        request.template(), request.category(), request.validityPeriod(), request.clientReference(),
                        Requests.sendAt(request.sendAt()));
                String id = ids.apply(index);
                Uni<SubmissionService.Outcome> decided = id == null ? submissions.submit(s) : submissions.submit(s, id);
                // One item's failure answers that item, never the whole batch: others may be accepted.
                items.add(decided.map(o -> o.toItem(index, request.clientReference()))
                        .onFailure().recoverWithItem(e -> notAccepted(principal, index, e)));
            } catch (ProblemException e) {
                items.add(Uni.createFrom().item(BatchResponse.Item.of(index, e.problem())));
            }
        }
        return Uni.join().all(items).andFailFast().map(BatchResponse::of);
    }

    /**
     * An item whose decision failed unexpectedly. Submissions recover every failure after the
     * {@code sms.approved} write themselves, so a failure that reaches here came before it: nothing
     * of this item was accepted.
     */
    private static BatchResponse.Item notAccepted(Principal principal, int index, Throwable e) {
        LOG.errorf("SP0007 batch item %d tenant %s client %s: not accepted, decision failed (%s)", index,
                principal.tenant(), principal.clientId(), e.getClass().getName());
        return BatchResponse.Item.of(index, Problem.of(Reason.UNAVAILABLE, "nothing was accepted; retry later", null));
    }

    private Principal sender(String authorization) {
        Principal principal = dev.sealedsms.policy.status.Callers.authenticate(authenticator, authorization);
        if (!principal.maySend()) {
            throw new ProblemException(Problem.of(Reason.ROLE_NOT_ALLOWED,
                    "role '" + principal.role().wireName() + "' may not send messages; only 'sender' may", null));
        }
        return principal;
    }

}
