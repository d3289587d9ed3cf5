package dev.sealedsms.policy.content;

import dev.sealedsms.policy.config.PolicyConfig;
import dev.sealedsms.policy.rules.Reason;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one tenant may not send: denied words and patterns, sensitive data, links outside the
 * allow-list. Built once per tenant from the policy; {@link #check} is pure and thread-safe.
 */
public final class ContentRules {

    private final List<Pattern> denyWords;
    private final List<Pattern> denyPatterns;
    private final Set<PolicyConfig.Detector> detectors;
    private final Optional<List<String>> linkDomains;

    public ContentRules(PolicyConfig.Tenant tenant) {
        // Whole words only: "free" is denied, "freedom" is not.
        this.denyWords = tenant.denyWords().orElse(List.of()).stream()
                .map(w -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(TextFolding.fold(w)) + "(?![\\p{L}\\p{N}])"))
                .toList();
        this.denyPatterns = tenant.denyPatterns().orElse(List.of()).stream().map(Pattern::compile).toList();
        this.detectors = tenant.detectors().isEmpty() ? EnumSet.noneOf(PolicyConfig.Detector.class)
                : EnumSet.copyOf(tenant.detectors());
        this.linkDomains = tenant.linkDomains();
    }

    /** Rule names, in the order {@link #check} evaluates them. */
    public static final List<String> RULES = List.of("content-deny-list", "sensitive-data", "link-allow-list");

    /** The first content reason that fires for {@code body}, or empty. */
    public Optional<Reason> check(String body) {
        String folded = TextFolding.fold(body);
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
        if (linkDomains.isPresent()) {
            return Links.check(body, linkDomains.get()).map(p -> switch (p) {
                case NOT_ALLOWED -> Reason.LINK_NOT_ALLOWED;
                case LOOKALIKE -> Reason.LINK_LOOKALIKE;
                case SHORTENER -> Reason.LINK_SHORTENER;
            });
        }
        return Optional.empty();
    }
}
