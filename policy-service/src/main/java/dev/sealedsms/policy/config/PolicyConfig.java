package dev.sealedsms.policy.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text-usage policy: one YAML document (in Kubernetes, a ConfigMap mounted as a file) that
 * declares the tenants, the clients and their roles, and the rules' settings. Read by
 * {@link PolicyDocuments}, checked by {@link PolicyConfigValidator}, served by {@link ActivePolicy}.
 *
 * <p>Field names are the document's keys and are part of its contract: never rename one. Unknown
 * keys are refused, so a typo cannot silently disable a rule. See the module README for an example.
 *
 * @param schemaVersion   the document format; must be {@value #SCHEMA_VERSION}
 * @param maxSegments     the most segments one message may cost; longer bodies are rejected with
 *                        BODY_TOO_LONG (default 10)
 * @param defaultValidity how long an accepted message stays deliverable when the request sets no
 *                        validity, ISO-8601 (default PT48H)
 * @param tenants         tenants by name (lower-case letters, digits, '-': the name is part of the
 *                        tenant's Vault key names)
 * @param clients         API clients by client id
 */
public record PolicyConfig(Integer schemaVersion, Integer maxSegments, Duration defaultValidity,
        Map<String, Tenant> tenants, Map<String, Client> clients) {

    public static final int SCHEMA_VERSION = 1;

    public PolicyConfig {
        maxSegments = maxSegments == null ? 10 : maxSegments;
        defaultValidity = defaultValidity == null ? Duration.ofHours(48) : defaultValidity;
        tenants = map(tenants);
        clients = map(clients);
    }

    /**
     * One tenant: where it may send, the sender ids all its clients may use, and its content,
     * recipient and timing rules.
     *
     * @param countries       ISO 3166-1 alpha-2 destination countries this tenant may send to (required)
     * @param senders         sender ids every client of this tenant may use, besides the client's own
     * @param denyWords       words and phrases never sent, matched as whole words after Unicode folding
     *                        (case, width, look-alikes, invisibles)
     * @param denyPatterns    regular expressions (Java syntax) never matched, tested against the folded body
     * @param detectors       sensitive data that rejects a message: {@code card} (Luhn), {@code iban}
     *                        (mod 97), {@code email}; default {@code [card, iban]}, {@code []} for none
     * @param linkDomains     when set, links may point only at these domains and their subdomains.
     *                        Set or not, links with another scheme than http(s), to IP literals, to
     *                        look-alike hosts and to URL shorteners are refused ({@code content.Links})
     * @param rejectLandlines superseded by {@code allowNumberTypes}: landlines are refused by default.
     *                        {@code false} allows them (recorded as the allowance's reason); {@code true}
     *                        is the default spelled out; null when absent
     * @param allowNumberTypes number types the tenant may text besides mobile numbers, by id
     *                        ({@code rules.NumberTypes}: {@code landline}, {@code premium-rate}, ...), each
     *                        with the reason the tenant gives; the reason goes into every audit record
     *                        of a message it let through
     * @param denyNumbers     E.164 numbers this tenant must never text (apart from opt-outs)
     * @param quietHours      {@code HH:mm-HH:mm} in the recipient's local time (may span midnight); only
     *                        {@code marketing} is held to them, {@code transactional} and {@code otp} are exempt
     * @param quietHoursMode  what happens to marketing that meets quiet hours: {@code reject} (default,
     *                        422 QUIET_HOURS) or {@code defer} (accepted and held until the window ends
     *                        in every time zone of the number)
     * @param templates       approved texts by name, with typed placeholders ({@code templates.Template}),
     *                        that the tenant's clients may send by name
     * @param rules           rule switches by rule id ({@code quiet-hours: false}); without an entry a rule is on
     *                        when its parameters are set. See {@code rules.RuleSwitches} for the rules that
     *                        cannot be turned off
     */
    public record Tenant(List<String> countries, List<String> senders, Optional<List<String>> denyWords,
            Optional<List<String>> denyPatterns, List<Detector> detectors, Optional<List<String>> linkDomains,
            Boolean rejectLandlines, Map<String, String> allowNumberTypes, Optional<List<String>> denyNumbers,
            Optional<String> quietHours, QuietHoursMode quietHoursMode, Map<String, String> templates,
            Map<String, Boolean> rules) {

        public Tenant {
            countries = list(countries);
            senders = list(senders);
            denyWords = optionalList(denyWords);
            denyPatterns = optionalList(denyPatterns);
            detectors = detectors == null ? List.of(Detector.CARD, Detector.IBAN) : list(detectors);
            linkDomains = optionalList(linkDomains);
            allowNumberTypes = map(allowNumberTypes);
            denyNumbers = optionalList(denyNumbers);
            quietHours = quietHours == null ? Optional.empty() : quietHours;
            quietHoursMode = quietHoursMode == null ? QuietHoursMode.REJECT : quietHoursMode;
            templates = map(templates);
            rules = map(rules);
        }
    }

    /**
     * One API client.
     *
     * @param tenant       the tenant this client acts for; must be a declared tenant (required)
     * @param role         what the client may do (required)
     * @param apiKeySha256 lower-case hex SHA-256 of each API key the client may use; several during a
     *                     rotation (required, at least one). The keys themselves are never in the policy
     * @param senders      sender ids this client may use, besides its tenant's
     * @param ratePerSecond accepted messages per second, summed over every replica (RATE_LIMITED);
     *                     absent: no rate limit. See DESIGN.md for how it holds across replicas
     * @param dailyQuota   accepted messages per UTC day, summed over every replica (QUOTA_EXCEEDED);
     *                     absent: no quota
     * @param templatesOnly the client may send only its tenant's templates, never free text
     *                     (TEMPLATE_REQUIRED); default false
     */
    public record Client(String tenant, Role role, List<String> apiKeySha256, List<String> senders,
            Double ratePerSecond, Long dailyQuota, Boolean templatesOnly) {

        public Client {
            templatesOnly = templatesOnly != null && templatesOnly;
            apiKeySha256 = list(apiKeySha256);
            senders = list(senders);
        }
    }

    /** What a client may do. */
    public enum Role {
        /** Sends messages ({@code POST /v1/messages}, {@code :batch}, {@code sms.requests}). */
        SENDER,
        /** Manages the tenant; may dry-run the policy, never send. */
        ADMIN,
        /** Reviews the tenant's decisions; may dry-run the policy, never send. */
        AUDITOR;

        /** The document's spelling: {@code sender}, {@code admin}, {@code auditor}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Sensitive-data detectors. */
    public enum Detector {
        CARD, IBAN, EMAIL
    }

    /** What quiet hours do to a marketing message: refuse it, or hold it until they end. */
    public enum QuietHoursMode {
        REJECT, DEFER
    }

    /** A read-only copy that keeps the document's order and tolerates null entries (the validator names them). */
    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(l));
    }

    private static <T> Optional<List<T>> optionalList(Optional<List<T>> l) {
        return l == null ? Optional.empty() : l.map(PolicyConfig::list);
    }

    private static <V> Map<String, V> map(Map<String, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
