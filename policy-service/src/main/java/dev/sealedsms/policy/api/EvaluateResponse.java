package dev.sealedsms.policy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sealedsms.events.TextEncoding;
import java.util.List;

/**
 * What the policy would decide, rule by rule. Holds neither the body nor the number.
 *
 * @param policyVersion   the version of the policy evaluated (the document's content hash)
 * @param clientId        the client evaluated as
 * @param tenant          that client's tenant
 * @param outcome         {@code APPROVED} or {@code REJECTED}
 * @param reason          the stable reason code of the rule that fired, when rejected
 * @param detail          why, when rejected
 * @param rules           every rule of the policy in evaluation order; rules after the one that fired
 *                        are not evaluated
 * @param country         the recipient's region, when the number parsed
 * @param segments        segments the body needs, when approved
 * @param encoding        GSM7 or UCS2, when approved
 * @param clientReference echoed from the request
 * @param sendAt          when approved and held: not sent before this instant
 * @param deferredBy      {@code quiet-hours} when that rule moved the send time (it is then marked fired)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluateResponse(String policyVersion, String clientId, String tenant, String outcome, String reason,
        String detail, List<RuleResult> rules, String country, Integer segments, TextEncoding encoding,
        String clientReference, java.time.Instant sendAt, String deferredBy) {

    /**
     * One rule's part in the decision.
     *
     * @param rule      the rule's stable name (as in {@code sms.audit} rulesEvaluated)
     * @param evaluated whether it ran
     * @param fired     whether it refused the message (or, for {@code quiet-hours} in defer mode, held it)
     */
    public record RuleResult(String rule, boolean evaluated, boolean fired) {
    }
}
