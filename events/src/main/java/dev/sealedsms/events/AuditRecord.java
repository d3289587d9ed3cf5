package dev.sealedsms.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One policy decision, on {@link Topics#AUDIT}, written by policy-service for every message it
 * decides. It explains the decision (rules evaluated and fired, policy version, who asked) and
 * never holds the body or the number.
 *
 * @param outcome        APPROVED or REJECTED
 * @param reason         the reason code when rejected
 * @param rulesEvaluated every rule evaluated, in order
 * @param rulesFired     the rules that fired (empty when approved)
 * @param policyVersion  content hash of the policy that decided
 * @param principal      the authenticated client, as {@code client:<id>}
 * @param allowances     when approved only because the tenant allowed it, each allowance as
 *                       {@code rule:what: reason} ({@code number-type:landline: <the tenant's reason>});
 *                       absent otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        int schemaVersion,
        String messageId,
        String tenant,
        String clientId,
        String outcome,
        String reason,
        List<String> rulesEvaluated,
        List<String> rulesFired,
        String policyVersion,
        String principal,
        Category category,
        Instant decidedAt,
        List<String> allowances) {

    /** A record with no allowances. */
    public AuditRecord(int schemaVersion, String messageId, String tenant, String clientId, String outcome,
            String reason, List<String> rulesEvaluated, List<String> rulesFired, String policyVersion,
            String principal, Category category, Instant decidedAt) {
        this(schemaVersion, messageId, tenant, clientId, outcome, reason, rulesEvaluated, rulesFired, policyVersion,
                principal, category, decidedAt, null);
    }

    public static final int SCHEMA_VERSION = 1;
    /** CloudEvents {@code ce_type}. */
    public static final String TYPE = "dev.sealedsms.audit.v1";
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";
}
