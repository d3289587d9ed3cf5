package dev.sealedsms.policy.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.policy.api.Problem;
import dev.sealedsms.policy.api.ProblemException;
import dev.sealedsms.policy.auth.ApiKeyAuthenticator;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.policy.status.ApiReason;
import dev.sealedsms.policy.status.Callers;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * {@code PUT|GET|DELETE /v1/callbacks}: the calling client's status callback. Role {@code sender}
 * (callbacks report on the messages a client sent). Registrations are written to
 * {@code sms.policy.callbacks} so every replica delivers to them; the answer to PUT carries the
 * signing secret, once. The URL is never logged.
 */
@Path("/v1")
public class CallbackResource {

    private static final Logger LOG = Logger.getLogger(CallbackResource.class);

    private final ApiKeyAuthenticator authenticator;
    private final CallbackService callbacks;

    CallbackResource(ApiKeyAuthenticator authenticator, CallbackService callbacks) {
        this.authenticator = authenticator;
        this.callbacks = callbacks;
    }

    @PUT
    @Path("callbacks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Register the client's status callback", description = "Every status change of the "
            + "client's messages is POSTed to the URL, signed (header Sealed-Signature: t=<unix>,v1=<hex "
            + "HMAC-SHA256(secret, t + '.' + body)>), retried with backoff for up to 24 h. Replaces an earlier "
            + "registration and its secret. The secret is in this answer only.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CallbackResponse.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "ROLE_NOT_ALLOWED: only 'sender' clients have callbacks",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "CALLBACK_URL_NOT_ALLOWED: not https, or a host that is "
            + "private, loopback, link-local or does not resolve", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public CallbackResponse register(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CallbackRequest.class)))
            byte[] body) {
        Principal caller = sender(authorization);
        CallbackRequest request = parse(body);
        String url;
        try {
            url = callbacks.urls().check(request.url()).toString();
        } catch (CallbackUrls.NotAllowed e) {
            throw new ProblemException(ApiReason.CALLBACK_URL_NOT_ALLOWED.problem(e.getMessage()));
        }
        CallbackRegistration registration = new CallbackRegistration(CallbackRegistration.SCHEMA_VERSION,
                caller.clientId(), caller.tenant(), url, UUID.randomUUID().toString(), Instant.now());
        write(caller, CallbackRegistration.key(caller.clientId()), registration, "registered");
        return new CallbackResponse(url, registration.registrationId(), registration.registeredAt(),
                callbacks.secret(registration), CallbackResponse.Delivery.of(callbacks.health(caller.clientId())));
    }

    @GET
    @Path("callbacks")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "The client's status callback and how its delivery is going", description = "URL, "
            + "registration and delivery health (last attempt, last error, consecutive failures, abandoned), "
            + "as recorded by whichever replica delivered last. Never the secret.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CallbackResponse.class)))
    @APIResponse(responseCode = "401", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "CALLBACK_NOT_REGISTERED", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CallbackResponse get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Principal caller = sender(authorization);
        CallbackRegistration r = registered(caller);
        return new CallbackResponse(r.url(), r.registrationId(), r.registeredAt(), null,
                CallbackResponse.Delivery.of(callbacks.health(caller.clientId())));
    }

    @DELETE
    @Path("callbacks")
    @Produces(Problem.MEDIA_TYPE)
    @Operation(summary = "Stop the client's status callbacks", description = "Callbacks not yet delivered are dropped.")
    @APIResponse(responseCode = "204", description = "Unregistered")
    @APIResponse(responseCode = "401", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "CALLBACK_NOT_REGISTERED", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Principal caller = sender(authorization);
        registered(caller);
        write(caller, CallbackRegistration.key(caller.clientId()), null, "unregistered");
        return Response.noContent().build();
    }

    private Principal sender(String authorization) {
        Principal caller = Callers.authenticate(authenticator, authorization);
        if (!caller.maySend()) {
            throw new ProblemException(Problem.of(Reason.ROLE_NOT_ALLOWED, "role '" + caller.role().wireName()
                    + "' has no callbacks; only 'sender' clients have", null));
        }
        return caller;
    }

    private CallbackRegistration registered(Principal caller) {
        CallbackRegistration r;
        try {
            r = callbacks.registration(caller.clientId());
        } catch (IllegalStateException e) {
            throw unavailable();
        }
        if (r == null) {
            throw new ProblemException(ApiReason.CALLBACK_NOT_REGISTERED.problem("client '" + caller.clientId()
                    + "' has no callback; PUT /v1/callbacks registers one"));
        }
        return r;
    }

    private void write(Principal caller, String key, Object value, String what) {
        try {
            callbacks.write(key, value);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.errorf("SP0603 client %s of tenant %s: callback not %s (%s)", caller.clientId(), caller.tenant(), what,
                    e.getClass().getSimpleName());
            throw unavailable();
        }
        LOG.infof("SP0604 client %s of tenant %s: callback %s", caller.clientId(), caller.tenant(), what);
    }

    private static ProblemException unavailable() {
        return new ProblemException(new Problem(Reason.UNAVAILABLE.typeUri(), "Callbacks are not available; retry "
                + "later", 503, Reason.UNAVAILABLE.name(), "the callback registration could not be read or written; "
                + "retry", null));
    }

    /** Parsed here so every error is a problem with a reason code and none quotes the input. */
    private static CallbackRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "request body is required", null));
        }
        CallbackRequest request;
        try {
            request = EventJson.mapper().readValue(body, CallbackRequest.class);
        } catch (MismatchedInputException e) {
            throw new ProblemException(Problem.of(Reason.FIELD_INVALID,
                    "field '" + EventJson.path(e) + "' has the wrong type", null));
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.of(Reason.MALFORMED_JSON, "request body is not valid JSON", null));
        } catch (IOException e) {
            throw new ProblemException(Problem.of(Reason.MALFORMED_JSON, "request body could not be read", null));
        }
        if (request == null || request.url() == null) {
            throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "field 'url' is required", null));
        }
        return request;
    }
}
