package dev.sealedsms.policy.api;

import dev.sealedsms.events.Consent;
import dev.sealedsms.events.OptOut;
import dev.sealedsms.policy.auth.ApiKeyAuthenticator;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.config.PolicyConfig.Role;
import dev.sealedsms.policy.consent.ConsentUnavailableException;
import dev.sealedsms.policy.consent.ConsentView;
import dev.sealedsms.policy.messaging.EventPublisher;
import dev.sealedsms.policy.rules.PolicyEngine;
import dev.sealedsms.policy.rules.Reason;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/optouts} and {@code POST /v1/optins}: a tenant records a recipient's consent
 * change it learnt outside SMS (a web form, a call centre). Roles {@code sender} and {@code admin},
 * for the caller's own tenant only. Writes one {@link OptOut} (source {@code api}) to
 * {@code sms.optouts}, the same ledger dispatch-service writes for STOP / START, and answers 202
 * once it is durable: every replica's consent check sees it within the ledger's lag (DESIGN.md).
 * The answer names the recipient by token only.
 */
@Path("/v1")
public class ConsentResource {

    private static final Logger LOG = Logger.getLogger(ConsentResource.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final ApiKeyAuthenticator authenticator;
    private final ConsentView consent;
    private final EventPublisher publisher;

    ConsentResource(ApiKeyAuthenticator authenticator, ConsentView consent, EventPublisher publisher) {
        this.authenticator = authenticator;
        this.consent = consent;
        this.publisher = publisher;
    }

    @POST
    @Path("optouts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Record that a recipient opted out", description = "Roles sender and admin. The tenant "
            + "sends nothing more to the recipient (422 RECIPIENT_OPTED_OUT) until an opt-in. 202 with the "
            + "recipient token once the change is durable; the number is never echoed.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = ConsentResponse.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "ROLE_NOT_ALLOWED: only 'sender' and 'admin' record consent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "RECIPIENT_NOT_E164",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: not recorded (Vault or Kafka); retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response optOut(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ConsentRequest.class)))
            byte[] body) {
        return record(authorization, body, Consent.OPTED_OUT);
    }

    @POST
    @Path("optins")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Record that a recipient opted in again", description = "Roles sender and admin. Undoes "
            + "an opt-out (API or STOP). 202 with the recipient token once the change is durable; the number is "
            + "never echoed.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = ConsentResponse.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "ROLE_NOT_ALLOWED: only 'sender' and 'admin' record consent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "RECIPIENT_NOT_E164",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: not recorded (Vault or Kafka); retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response optIn(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ConsentRequest.class)))
            byte[] body) {
        return record(authorization, body, Consent.OPTED_IN);
    }

    /** Runs on a worker thread (a blocking endpoint): it may wait for Vault and for the Kafka acknowledgement. */
    private Response record(String authorization, byte[] body, Consent change) {
        Principal caller = dev.sealedsms.policy.status.Callers.authenticate(authenticator, authorization);
        if (caller.role() != Role.SENDER && caller.role() != Role.ADMIN) {
            throw new ProblemException(Problem.of(Reason.ROLE_NOT_ALLOWED, "role '" + caller.role().wireName()
                    + "' may not record consent; only 'sender' and 'admin' may", null));
        }
        ConsentRequest request = RequestJson.parse(body, ConsentRequest.class);
        if (request.recipient() == null) {
            throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "field 'recipient' is required", null));
        }
        String e164 = PolicyEngine.normalisedE164(request.recipient());
        if (e164 == null) {
            throw new ProblemException(Problem.of(Reason.RECIPIENT_NOT_E164,
                    "'recipient' must be a valid E.164 number such as +447400123123", null));
        }
        String tenant = caller.tenant();
        OptOut event;
        try {
            event = new OptOut(OptOut.SCHEMA_VERSION, tenant, consent.token(tenant, e164), change, null, "api", null,
                    Instant.now());
            publisher.optOut(event).await().atMost(WRITE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.errorf("SP0031 client %s of tenant %s: %s not recorded (%s)", caller.clientId(), tenant, change,
                    e instanceof ConsentUnavailableException ? e.getMessage() : e.getClass().getSimpleName());
            throw new ProblemException(Problem.of(Reason.UNAVAILABLE, "the consent change was not recorded; retry",
                    null));
        }
        LOG.infof("SP0030 client %s of tenant %s recorded %s for recipient %s", caller.clientId(), tenant, change,
                event.recipientToken());
        return Response.accepted(new ConsentResponse(tenant, event.recipientToken(), change, event.occurredAt()))
                .build();
    }
}
