package dev.sealedsms.policy.rules;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.sealedsms.codec.SmsText;
import dev.sealedsms.policy.content.ContentRules;
import dev.sealedsms.policy.config.PolicyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluates the text-usage policy for one submission: to whom (E.164, country), who (sender id),
 * what (body, denied content, sensitive data, links, segments). Rules run in a fixed order and the first that fires decides; every rule
 * evaluated is recorded so decisions can be explained. Pure and thread-safe: no I/O.
 */
@ApplicationScoped
public class PolicyEngine {

    /** E.164: '+', a non-zero digit, up to 15 digits in all. No spaces, no punctuation. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final Map<String, Set<String>> countriesByTenant = new java.util.HashMap<>();
    private final Map<String, ContentRules> contentByTenant = new java.util.HashMap<>();
    private final int maxSegments;

    PolicyEngine(PolicyConfig config) {
        config.tenants().forEach((name, t) -> {
            countriesByTenant.put(name, Set.copyOf(t.countries()));
            contentByTenant.put(name, new ContentRules(t));
        });
        this.maxSegments = config.maxSegments();
    }

    public Decision evaluate(Submission s) {
        List<String> evaluated = new ArrayList<>(4);

        evaluated.add("recipient-e164");
        PhoneNumber number = parseE164(s.to());
        if (number == null) {
            return reject(Reason.RECIPIENT_NOT_E164, "'to' must be a valid E.164 number such as +447400123123",
                    evaluated, null, null);
        }
        String country = phones.getRegionCodeForNumber(number);
        String e164 = phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);

        evaluated.add("country-allowed");
        if (country == null || !countriesByTenant.getOrDefault(s.principal().tenant(), Set.of()).contains(country)) {
            return reject(Reason.COUNTRY_NOT_ALLOWED, "tenant may not send to region " + country, evaluated,
                    country, e164);
        }

        evaluated.add("sender-allowed");
        if (!s.principal().senders().contains(s.from())) {
            return reject(Reason.SENDER_NOT_ALLOWED, "this sender id is not allowed for this client",
                    evaluated, country, e164);
        }

        evaluated.add("body-not-empty");
        if (s.body().isBlank()) {
            return reject(Reason.BODY_EMPTY, "'body' is empty", evaluated, country, e164);
        }

        evaluated.addAll(ContentRules.RULES);
        ContentRules content = contentByTenant.get(s.principal().tenant());
        Optional<Reason> contentReason = content == null ? Optional.empty() : content.check(s.body());
        if (contentReason.isPresent()) {
            // Content rules run in order; those after the one that fired were not evaluated.
            List<String> upTo = evaluated.subList(0, evaluated.indexOf(contentReason.get().rule()) + 1);
            return reject(contentReason.get(), contentReason.get().title(), upTo, country, e164);
        }

        evaluated.add("max-segments");
        SmsText.Analysis text = SmsText.analyse(s.body());
        if (text.segments() > maxSegments) {
            return new Decision(Reason.BODY_TOO_LONG, "body needs " + text.segments() + " segments, at most "
                    + maxSegments + " allowed", List.copyOf(evaluated), country, e164, text.segments(),
                    text.encoding());
        }
        return new Decision(null, null, List.copyOf(evaluated), country, e164, text.segments(), text.encoding());
    }

    private PhoneNumber parseE164(String to) {
        if (to == null || !E164.matcher(to).matches()) {
            return null;
        }
        try {
            PhoneNumber n = phones.parse(to, null);
            return phones.isValidNumber(n) ? n : null;
        } catch (NumberParseException e) {
            // Already shape-checked; a parse failure just means "not a number", which the caller reports.
            return null;
        }
    }

    private static Decision reject(Reason reason, String detail, List<String> evaluated, String country, String e164) {
        return new Decision(reason, detail, List.copyOf(evaluated), country, e164, 0, null);
    }
}
