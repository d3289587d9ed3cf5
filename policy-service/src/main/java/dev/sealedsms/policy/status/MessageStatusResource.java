package dev.sealedsms.policy.status;

import dev.sealedsms.policy.api.Problem;
import dev.sealedsms.policy.api.ProblemException;
import dev.sealedsms.policy.auth.ApiKeyAuthenticator;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.rules.Reason;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /v1/messages/{messageId}}: a message's lifecycle from the status view of
 * {@code sms.receipts} ({@link StatusView}). Every role may read its own tenant's messages; another
 * tenant's message answers exactly like an unknown one (404 MESSAGE_NOT_FOUND), so ids leak nothing.
 * Blocking (worker thread): an unknown id waits briefly for the view to catch up.
 */
@Path("/v1")
public class MessageStatusResource {

    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ApiKeyAuthenticator authenticator;
    private final StatusView view;

    MessageStatusResource(ApiKeyAuthenticator authenticator, StatusView view) {
        this.authenticator = authenticator;
        this.view = view;
    }

    @GET
    @Path("messages/{messageId}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "A message's status", description = "The lifecycle of a message of the caller's tenant "
            + "(any role): current status (terminal wins), when each status was recorded, carrier, segments and the "
            + "reason of a refusal or failure. Served from a view of sms.receipts kept for a window (default 7 days). "
            + "A message accepted a moment ago by any replica is found: the request waits briefly for the view.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MessageStatus.class)))
    @APIResponse(responseCode = "400", description = "FIELD_INVALID: the id is not a message id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "MESSAGE_NOT_FOUND: unknown, another tenant's, or older than "
            + "the view keeps", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: the status view is not loaded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MessageStatus status(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Parameter(description = "The messageId of the 202 answer (a UUID)") @PathParam("messageId") String messageId) {
        Principal caller = Callers.authenticate(authenticator, authorization);
        if (!UUID_FORM.matcher(messageId).matches()) {
            throw new ProblemException(Problem.of(Reason.FIELD_INVALID, "the message id must be a UUID", null));
        }
        String id = UUID.fromString(messageId).toString();
        try {
            return view.find(caller.tenant(), id).orElseThrow(() -> new ProblemException(
                    ApiReason.MESSAGE_NOT_FOUND.problem("no message " + id + " for this client's tenant")));
        } catch (IllegalStateException e) {
            throw new ProblemException(new Problem(Reason.UNAVAILABLE.typeUri(), "The status view is not available; "
                    + "retry later", 503, Reason.UNAVAILABLE.name(), "the status view is not loaded yet; retry", null));
        }
    }
}
