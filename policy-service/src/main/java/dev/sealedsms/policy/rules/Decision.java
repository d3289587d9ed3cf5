package dev.sealedsms.policy.rules;

import dev.sealedsms.events.TextEncoding;
import java.time.Instant;
import java.util.List;

/**
 * What the policy decided about one submission, and why.
 *
 * @param reason    null when approved, else the first rule that fired
 * @param evaluated every rule evaluated, in order
 * @param country   ISO region of the recipient, when the number parsed
 * @param e164      the recipient normalised to E.164, when it parsed
 * @param body      the text decided on: the request's body, or its template rendered (null when the
 *                  decision came before there was one)
 * @param notBefore when approved: not sent before this instant (the requested send time, or the end
 *                  of quiet hours); null: at once
 * @param deferredBy the rule that moved {@code notBefore} later than requested ({@code quiet-hours}), or null
 * @param allowances when approved: the tenant's allowances that let it through, as
 *                   {@code rule:what: reason} ({@code number-type:landline: our customers' desk phones
 *                   read texts aloud}); they go into the audit record. Empty otherwise
 */
public record Decision(Reason reason, String detail, List<String> evaluated, String country, String e164,
        int segments, TextEncoding encoding, String body, Instant notBefore, String deferredBy,
        List<String> allowances) {

    public Decision {
        allowances = allowances == null ? List.of() : List.copyOf(allowances);
    }

    public Decision(Reason reason, String detail, List<String> evaluated, String country, String e164,
            int segments, TextEncoding encoding, String body, Instant notBefore, String deferredBy) {
        this(reason, detail, evaluated, country, e164, segments, encoding, body, notBefore, deferredBy, List.of());
    }

    public Decision(Reason reason, String detail, List<String> evaluated, String country, String e164,
            int segments, TextEncoding encoding, String body) {
        this(reason, detail, evaluated, country, e164, segments, encoding, body, null, null, List.of());
    }

    public boolean approved() {
        return reason == null;
    }
}
