package dev.sealedsms.policy.api;

import dev.sealedsms.events.AuditRecord;
import dev.sealedsms.policy.auth.ApiKeyAuthenticator;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.config.ActivePolicy;
import dev.sealedsms.policy.config.LoadedPolicy;
import dev.sealedsms.policy.config.PolicyConfig.Role;
import dev.sealedsms.policy.consent.ConsentUnavailableException;
import dev.sealedsms.policy.consent.ConsentView;
import dev.sealedsms.policy.rules.Decision;
import dev.sealedsms.policy.rules.PolicyEngine;
import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.policy.rules.Submission;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/policy:evaluate}: a dry run of the policy for admins and auditors. It decides a
 * message exactly as {@code POST /v1/messages} would, under the policy in force, and writes nothing:
 * no message id, no record on any topic.
 */
@Path("/v1")
public class PolicyResource {

    private static final Logger LOG = Logger.getLogger(PolicyResource.class);

    private final ApiKeyAuthenticator authenticator;
    private final ActivePolicy policy;
    private final ConsentView consent;

    PolicyResource(ApiKeyAuthenticator authenticator, ActivePolicy policy, ConsentView consent) {
        this.authenticator = authenticator;
        this.consent = consent;
        this.policy = policy;
    }

    @POST
    @Path("policy:evaluate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Dry-run a message against the policy",
            description = "Roles admin and auditor only. Evaluates the message as the named client of the caller's "
                    + "tenant and answers 200 with the outcome, every rule and whether it fired, and the policy "
                    + "version. Sends nothing and records nothing.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = EvaluateResponse.class)))
    @APIResponse(responseCode = "400", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "ROLE_NOT_ALLOWED: only 'admin' and 'auditor' evaluate",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: the recipient's consent cannot be checked now",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EvaluateResponse evaluate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = EvaluateRequest.class)))
            byte[] body) {
        Principal caller = dev.sealedsms.policy.status.Callers.authenticate(authenticator, authorization);
        if (caller.role() != Role.ADMIN && caller.role() != Role.AUDITOR) {
            throw new ProblemException(Problem.of(Reason.ROLE_NOT_ALLOWED,
                    "role '" + caller.role().wireName() + "' may not evaluate the policy; only 'admin' and 'auditor' may",
                    null));
        }
        EvaluateRequest request = RequestJson.parse(body, EvaluateRequest.class);
        if (request.clientId() == null) {
            throw new ProblemException(Problem.of(Reason.FIELD_MISSING, "field 'clientId' is required", null));
        }
        LoadedPolicy p = policy.current();
        Principal as = p.byClientId().get(request.clientId());
        // Unknown and other tenants' clients get the same answer: no tenant learns another's client ids.
        if (as == null || !as.tenant().equals(caller.tenant())) {
            throw new ProblemException(Problem.of(Reason.FIELD_INVALID,
                    "field 'clientId' names no client of your tenant", null));
        }
        Submission s = Requests.submission(as, request.to(), request.from(), request.body(), request.template(),
                request.category(), request.validityPeriod(), request.clientReference(),
                Requests.sendAt(request.sendAt()));
        Decision d;
        try {
            // A worker thread (blocking endpoint): the consent lookup may call Vault for the token.
            d = p.engine().evaluate(s, consent.waiting());
        } catch (ConsentUnavailableException e) {
            LOG.errorf("SP0021 client %s of tenant %s: dry run without answer, consent cannot be checked (%s)",
                    caller.clientId(), caller.tenant(), e.getMessage());
            throw new ProblemException(Problem.of(Reason.UNAVAILABLE, "the recipient's consent cannot be checked "
                    + "now; retry later", null));
        }
        String fired = d.approved() ? d.deferredBy() : d.reason().rule();
        List<EvaluateResponse.RuleResult> rules = new ArrayList<>(PolicyEngine.RULES.size());
        for (String rule : PolicyEngine.RULES) {
            rules.add(new EvaluateResponse.RuleResult(rule, d.evaluated().contains(rule), rule.equals(fired)));
        }
        LOG.infof("SP0020 client %s of tenant %s evaluated a message as client %s under %s: %s", caller.clientId(),
                caller.tenant(), as.clientId(), p.version(), d.approved() ? "approved" : d.reason());
        return new EvaluateResponse(p.version(), as.clientId(), as.tenant(),
                d.approved() ? AuditRecord.APPROVED : AuditRecord.REJECTED, d.approved() ? null : d.reason().name(),
                d.detail(), rules, d.country(), d.approved() ? d.segments() : null, d.encoding(),
                request.clientReference(), d.notBefore(), d.deferredBy());
    }
}
