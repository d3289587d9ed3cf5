package dev.sealedsms.policy.content;

import dev.sealedsms.policy.config.PolicyConfig;
import dev.sealedsms.policy.rules.Reason;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one tenant may not send: bidi controls that reorder what the reader sees, denied words and
 * patterns, sensitive data, links ({@link Links}: other schemes, IP literals, look-alikes,
 * shorteners, and hosts outside the allow-list when the tenant sets one). Built once per tenant from the policy; {@link #check} is pure and thread-safe.
 */
public final class ContentRules {

    private final List<Pattern> denyWords;
    private final List<Pattern> denyPatterns;
    private final Set<PolicyConfig.Detector> detectors;
    private final Optional<List<String>> linkDomains;
    private final List<String> rules;

    /** Every content rule of {@link #RULES} runs. */
    public ContentRules(PolicyConfig.Tenant tenant) {
        this(tenant, Set.copyOf(RULES));
    }

    /** {@code enabled}: the tenant's rules that run (see {@code RuleSwitches}); content rules not in it are skipped. */
    public ContentRules(PolicyConfig.Tenant tenant, Set<String> enabled) {
        // Whole words only: "free" is denied, "freedom" is not.
        this.denyWords = tenant.denyWords().orElse(List.of()).stream()
                .map(w -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(TextFolding.fold(w)) + "(?![\\p{L}\\p{N}])"))
                .toList();
        this.denyPatterns = tenant.denyPatterns().orElse(List.of()).stream().map(Pattern::compile).toList();
        this.detectors = tenant.detectors().isEmpty() ? EnumSet.noneOf(PolicyConfig.Detector.class)
                : EnumSet.copyOf(tenant.detectors());
        this.linkDomains = tenant.linkDomains();
        this.rules = RULES.stream().filter(enabled::contains).toList();
    }

    /** The content rules that run for this tenant, in the order {@link #check} evaluates them. */
    public List<String> rules() {
        return rules;
    }

    /** Rule names, in the order {@link #check} evaluates them. */
    public static final List<String> RULES = List.of("bidi-controls", "content-deny-list", "sensitive-data",
            "link-allow-list");

    /** The first content reason that fires for {@code body}, or empty. */
    public Optional<Reason> check(String body) {
        if (rules.contains("bidi-controls") && TextFolding.hasBidiControl(body)) {
            return Optional.of(Reason.BODY_BIDI_CONTROL);
        }
        String folded = TextFolding.fold(body);
        if (rules.contains("content-deny-list")) {
            Optional<Reason> denied = denied(folded);
            if (denied.isPresent()) {
                return denied;
            }
        }
        if (rules.contains("sensitive-data")) {
            Optional<Reason> sensitive = sensitive(folded);
            if (sensitive.isPresent()) {
                return sensitive;
            }
        }
        if (rules.contains("link-allow-list")) {
            return Links.check(body, linkDomains).map(p -> switch (p) {
                case NOT_ALLOWED -> Reason.LINK_NOT_ALLOWED;
                case LOOKALIKE -> Reason.LINK_LOOKALIKE;
                case SHORTENER -> Reason.LINK_SHORTENER;
                case SCHEME -> Reason.LINK_SCHEME_NOT_ALLOWED;
                case IP_LITERAL -> Reason.LINK_IP_LITERAL;
            });
        }
        return Optional.empty();
    }

    private Optional<Reason> denied(String folded) {
        for (Pattern word : denyWords) {
            if (word.matcher(folded).find()) {
                return Optional.of(Reason.CONTENT_DENIED);
            }
        }
        for (Pattern p : denyPatterns) {
            if (p.matcher(folded).find()) {
                return Optional.of(Reason.CONTENT_DENIED);
            }
        }
        return Optional.empty();
    }

    private Optional<Reason> sensitive(String folded) {
        // IBAN first: its digits alone can pass Luhn by chance.
        if (detectors.contains(PolicyConfig.Detector.IBAN) && SensitiveData.hasIban(folded)) {
            return Optional.of(Reason.SENSITIVE_IBAN);
        }
        if (detectors.contains(PolicyConfig.Detector.CARD) && SensitiveData.hasCardNumber(folded)) {
            return Optional.of(Reason.SENSITIVE_CARD_NUMBER);
        }
        if (detectors.contains(PolicyConfig.Detector.EMAIL) && SensitiveData.hasEmail(folded)) {
            return Optional.of(Reason.SENSITIVE_EMAIL);
        }
        return Optional.empty();
    }
}
