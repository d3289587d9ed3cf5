package dev.sealedsms.policy.rules;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.sealedsms.codec.SmsText;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.Consent;
import dev.sealedsms.policy.content.ContentRules;
import dev.sealedsms.policy.content.TextFolding;
import dev.sealedsms.policy.config.PolicyConfig;
import dev.sealedsms.policy.templates.Template;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluates the text-usage policy for one submission: to whom (E.164, number type by
 * {@link NumberTypes}, deny-list,
 * country), who (sender id), when (quiet hours for marketing, in the recipient's time zone),
 * what (template, body, denied content, sensitive data, links, segments), and whether the recipient
 * has consented (not opted out with STOP). A template is rendered here, after the sender check, and
 * every later rule runs on the rendered text. Rules run in a fixed order and the first that fires
 * decides; a rule the tenant switched off ({@link RuleSwitches}) is skipped; every rule evaluated is
 * recorded so decisions can be explained. Thread-safe, and pure apart from the
 * {@link RecipientConsent} the caller passes. One engine per policy document (see
 * {@code LoadedPolicy}); a reload builds a new one.
 *
 * <p>{@code consent} is the last rule: it is the only one that may need I/O (a Vault HMAC for the
 * recipient token), so it runs only for messages every pure rule approved. A message refused by
 * another rule costs no Vault call, and a Vault outage refuses (503) only what would have been sent.
 * It applies to every category, OTP included: a recipient who sent STOP has withdrawn consent for
 * all of the tenant's messages, and carriers expect STOP to end all traffic from that sender; an
 * OTP exemption would also let any client reach an opted-out number by labelling a message
 * {@code otp}. A tenant that needs to reach such a recipient asks them to send START. It cannot be
 * switched off.
 */
public class PolicyEngine {

    /** Every rule, in the order they are evaluated. */
    public static final List<String> RULES;

    static {
        List<String> rules = new ArrayList<>(List.of("recipient-e164", "number-type", "recipient-deny-list",
                "country-allowed", "sender-allowed", "template", "body-not-empty"));
        rules.addAll(ContentRules.RULES);
        rules.addAll(List.of("quiet-hours", "max-segments", "consent"));
        RULES = List.copyOf(rules);
    }

    /** E.164: '+', a non-zero digit, up to 15 digits in all. No spaces, no punctuation. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final Map<String, Set<String>> countriesByTenant = new java.util.HashMap<>();
    private final Map<String, ContentRules> contentByTenant = new java.util.HashMap<>();
    private final Map<String, Tenant> tenants = new java.util.HashMap<>();
    private final PhoneNumberToTimeZonesMapper zones = PhoneNumberToTimeZonesMapper.getInstance();
    private final Clock clock;

    /** Per-tenant rule settings, prepared once. */
    private record Tenant(Map<String, String> allowedTypes, Set<String> denyNumbers, QuietHours quietHours,
            boolean deferQuietHours, Set<String> on, Map<String, Template> templates) {
    }

    /** Clients restricted to their tenant's templates. */
    private final Set<String> templatesOnly = new java.util.HashSet<>();
    private final int maxSegments;

    public PolicyEngine(PolicyConfig config) {
        this(config, Clock.systemUTC());
    }

    PolicyEngine(PolicyConfig config, Clock clock) {
        this.clock = clock;
        config.tenants().forEach((name, t) -> {
            Set<String> on = RuleSwitches.enabled(t);
            tenants.put(name, new Tenant(allowedTypes(t), Set.copyOf(t.denyNumbers().orElse(List.of())),
                    t.quietHours().map(QuietHours::parse).orElse(null),
                    t.quietHoursMode() == PolicyConfig.QuietHoursMode.DEFER, on, templates(t)));
            countriesByTenant.put(name, Set.copyOf(t.countries()));
            contentByTenant.put(name, new ContentRules(t, on));
        });
        config.clients().forEach((id, c) -> {
            if (c.templatesOnly()) {
                templatesOnly.add(id);
            }
        });
        this.maxSegments = config.maxSegments();
    }

    /** The number types the tenant allowed, with its reasons; {@code rejectLandlines: false} is one too. */
    private static Map<String, String> allowedTypes(PolicyConfig.Tenant t) {
        Map<String, String> allowed = new java.util.HashMap<>(t.allowNumberTypes());
        if (Boolean.FALSE.equals(t.rejectLandlines())) {
            allowed.putIfAbsent("landline", "rejectLandlines: false");
        }
        return Map.copyOf(allowed);
    }

    private static Map<String, Template> templates(PolicyConfig.Tenant t) {
        Map<String, Template> parsed = new java.util.HashMap<>();
        t.templates().forEach((name, text) -> parsed.put(name, Template.parse(text)));
        return Map.copyOf(parsed);
    }

    /** Evaluates with no consent ever recorded: for tests and the in-process benchmark only. */
    public Decision evaluate(Submission s) {
        return evaluate(s, RecipientConsent.NONE_RECORDED);
    }

    /**
     * Evaluates {@code s}; {@code consent} is asked only when every other rule approved.
     *
     * @throws RuntimeException what {@code consent} throws when consent cannot be known; the
     *                          message must then not be sent
     */
    public Decision evaluate(Submission s, RecipientConsent consent) {
        List<String> evaluated = new ArrayList<>(4);

        evaluated.add("recipient-e164");
        PhoneNumber number = parseE164(s.to());
        if (number == null) {
            return reject(Reason.RECIPIENT_NOT_E164, "'to' must be a valid E.164 number such as +447400123123",
                    evaluated, null, null);
        }
        String country = phones.getRegionCodeForNumber(number);
        String e164 = phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);

        Tenant tenant = tenants.get(s.principal().tenant());

        // A rule switched off for the tenant is skipped and not recorded as evaluated.
        List<String> allowances = List.of();
        if (on(tenant, "number-type")) {
            evaluated.add("number-type");
            PhoneNumberUtil.PhoneNumberType type = phones.getNumberType(number);
            Optional<NumberTypes.Refusable> refusable = NumberTypes.refusable(type);
            if (refusable.isPresent()) {
                String why = tenant == null ? null : tenant.allowedTypes().get(refusable.get().id());
                if (why == null) {
                    return reject(refusable.get().reason(), "number type " + refusable.get().id()
                            + " is not texted (a tenant may allow it: allowNumberTypes)", evaluated, country, e164);
                }
                allowances = List.of("number-type:" + refusable.get().id() + ": " + why);
            }
        }

        if (on(tenant, "recipient-deny-list")) {
            evaluated.add("recipient-deny-list");
            if (tenant != null && tenant.denyNumbers().contains(e164)) {
                return reject(Reason.RECIPIENT_DENIED, "the tenant does not text this recipient", evaluated, country,
                        e164);
            }
        }

        if (on(tenant, "country-allowed")) {
            evaluated.add("country-allowed");
            if (country == null
                    || !countriesByTenant.getOrDefault(s.principal().tenant(), Set.of()).contains(country)) {
                return reject(Reason.COUNTRY_NOT_ALLOWED, "tenant may not send to region " + country, evaluated,
                        country, e164);
            }
        }

        evaluated.add("sender-allowed");
        if (!s.principal().senders().contains(s.from())) {
            return reject(Reason.SENDER_NOT_ALLOWED, "this sender id is not allowed for this client",
                    evaluated, country, e164);
        }

        evaluated.add("template");
        String body = s.body();
        if (s.template() == null) {
            if (templatesOnly.contains(s.principal().clientId())) {
                return reject(Reason.TEMPLATE_REQUIRED, "this client may send only templates: send 'template' "
                        + "instead of 'body'", evaluated, country, e164);
            }
        } else {
            Template template = tenant == null ? null : tenant.templates().get(s.template().name());
            if (template == null) {
                return reject(Reason.TEMPLATE_UNKNOWN, "the tenant has no template of that name", evaluated,
                        country, e164);
            }
            try {
                body = template.render(s.template().values());
            } catch (Template.InvalidValueException e) {
                return reject(Reason.TEMPLATE_VALUE_INVALID, e.getMessage(), evaluated, country, e164);
            }
        }

        evaluated.add("body-not-empty");
        if (body == null || body.isBlank()) {
            return reject(Reason.BODY_EMPTY, "'body' is empty", evaluated, country, e164);
        }
        if (TextFolding.invisibleOnly(body)) {
            return reject(Reason.BODY_INVISIBLE, "'body' has only invisible characters (zero-width, BOM, fillers)",
                    evaluated, country, e164);
        }

        ContentRules content = contentByTenant.get(s.principal().tenant());
        if (content != null) {
            evaluated.addAll(content.rules());
        }
        Optional<Reason> contentReason = content == null ? Optional.empty() : content.check(body);
        if (contentReason.isPresent()) {
            // Content rules run in order; those after the one that fired were not evaluated.
            List<String> upTo = evaluated.subList(0, evaluated.indexOf(contentReason.get().rule()) + 1);
            return reject(contentReason.get(), contentReason.get().title(), upTo, country, e164);
        }

        // When it is to be sent: as asked (a time in the past means now), then past quiet hours.
        Instant now = clock.instant();
        Instant notBefore = s.sendAt() != null && s.sendAt().isAfter(now) ? s.sendAt() : null;
        String deferredBy = null;
        if (on(tenant, "quiet-hours")) {
            evaluated.add("quiet-hours");
            Instant at = notBefore != null ? notBefore : now;
            if (tenant != null && tenant.quietHours() != null && s.category() == Category.MARKETING
                    && inQuietHours(number, tenant.quietHours(), at)) {
                Instant after = tenant.deferQuietHours() ? endOfQuietHours(number, tenant.quietHours(), at) : null;
                if (after == null) {
                    return reject(Reason.QUIET_HOURS, "marketing is not sent in the recipient's quiet hours", evaluated,
                            country, e164);
                }
                notBefore = after;
                deferredBy = "quiet-hours";
            }
        }

        SmsText.Analysis text = SmsText.analyse(body);
        if (on(tenant, "max-segments")) {
            evaluated.add("max-segments");
            if (text.segments() > maxSegments) {
                return new Decision(Reason.BODY_TOO_LONG, "body needs " + text.segments() + " segments, at most "
                        + maxSegments + " allowed", List.copyOf(evaluated), country, e164, text.segments(),
                        text.encoding(), null);
            }
        }

        evaluated.add("consent");
        if (consent.of(s.principal().tenant(), e164) == Consent.OPTED_OUT) {
            return reject(Reason.RECIPIENT_OPTED_OUT, "the recipient opted out (STOP) of this tenant's messages; "
                    + "they must opt in again (START)", evaluated, country, e164);
        }
        return new Decision(null, null, List.copyOf(evaluated), country, e164, text.segments(), text.encoding(),
                body, notBefore, deferredBy, allowances);
    }

    /**
     * Whether {@code rule} runs for the tenant. A tenant this policy does not know (a principal taken
     * just before a reload removed it) gets every rule, and fails the country check: closed, not open.
     */
    private static boolean on(Tenant tenant, String rule) {
        return tenant == null || tenant.on().contains(rule);
    }

    /**
     * True when it is quiet time in any of the number's time zones: a number whose zone is ambiguous
     * (a US mobile, say) is held to the strictest reading rather than woken at night.
     */
    private boolean inQuietHours(PhoneNumber number, QuietHours quiet, Instant at) {
        for (ZoneId zone : zonesOf(number)) {
            if (quiet.contains(LocalTime.ofInstant(at, zone))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first instant at or after {@code at} when it is quiet time in none of the number's zones,
     * or null if there is none within a few windows (zones so far apart that their quiet hours
     * cover the whole day): then the message is refused rather than held indefinitely.
     */
    private Instant endOfQuietHours(PhoneNumber number, QuietHours quiet, Instant at) {
        List<ZoneId> numberZones = zonesOf(number);
        Instant t = at;
        for (int round = 0; round < 4; round++) {
            Instant latestEnd = null;
            for (ZoneId zone : numberZones) {
                Instant end = quiet.endAfter(t, zone);
                if (end != null && (latestEnd == null || end.isAfter(latestEnd))) {
                    latestEnd = end;
                }
            }
            if (latestEnd == null) {
                return t;
            }
            t = latestEnd;
        }
        return null;
    }

    /** The number's time zones; none when libphonenumber knows none ("Etc/Unknown"). */
    private List<ZoneId> zonesOf(PhoneNumber number) {
        List<ZoneId> out = new ArrayList<>(2);
        for (String zone : zones.getTimeZonesForNumber(number)) {
            try {
                out.add(ZoneId.of(zone));
            } catch (java.time.DateTimeException unknownZone) {
                // The mapper answers "Etc/Unknown" when it has no zone: then no zone can be in quiet time.
            }
        }
        return out;
    }

    /**
     * {@code to} as the {@code recipient-e164} rule accepts it (E.164 form, a valid number),
     * normalised; null when it is not. For endpoints that take a number outside a message.
     */
    public static String normalisedE164(String to) {
        PhoneNumber n = parseE164(to);
        return n == null ? null : PhoneNumberUtil.getInstance().format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    private static PhoneNumber parseE164(String to) {
        if (to == null || !E164.matcher(to).matches()) {
            return null;
        }
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        try {
            PhoneNumber n = phones.parse(to, null);
            return phones.isValidNumber(n) ? n : null;
        } catch (NumberParseException e) {
            // Already shape-checked; a parse failure just means "not a number", which the caller reports.
            return null;
        }
    }

    private static Decision reject(Reason reason, String detail, List<String> evaluated, String country, String e164) {
        return new Decision(reason, detail, List.copyOf(evaluated), country, e164, 0, null, null);
    }
}
