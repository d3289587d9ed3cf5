package dev.sealedsms.policy.config;

import dev.sealedsms.policy.rules.NumberTypes;
import dev.sealedsms.policy.rules.QuietHours;
import dev.sealedsms.policy.rules.RuleSwitches;
import dev.sealedsms.policy.templates.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks a well-formed policy document must still pass: a client of an unknown tenant, a key
 * hash that is not a SHA-256, a country that is not a region code. Every problem is listed at once,
 * each naming its field by path, so that {@link PolicyDocuments} can point at its line and one edit
 * fixes them all. Messages quote settings only where that helps (a country code, a sender id),
 * never a key hash or a deny-listed number.
 */
public final class PolicyConfigValidator {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SENDER = Pattern.compile("[A-Za-z0-9 ]{1,11}|\\+?[0-9]{1,15}");
    private static final Pattern DOMAIN = Pattern.compile("(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());

    private PolicyConfigValidator() {
    }

    /**
     * One problem: the path of the field (keys and list indexes from the document root) and what is wrong.
     */
    public record Finding(List<Object> path, String message) {

        /** The path as {@code tenants.acme.countries[1]}. */
        public String field() {
            StringBuilder sb = new StringBuilder();
            for (Object p : path) {
                if (p instanceof Integer i) {
                    sb.append('[').append(i).append(']');
                } else {
                    sb.append(sb.isEmpty() ? "" : ".").append(p);
                }
            }
            return sb.isEmpty() ? "<document>" : sb.toString();
        }

        @Override
        public String toString() {
            return field() + ": " + message;
        }
    }

    /** Every problem in {@code config}, each naming its field; empty when the policy is sound. */
    public static List<Finding> validate(PolicyConfig config) {
        List<Finding> problems = new ArrayList<>();
        if (config.schemaVersion() == null || config.schemaVersion() != PolicyConfig.SCHEMA_VERSION) {
            problems.add(new Finding(List.of("schemaVersion"), "must be " + PolicyConfig.SCHEMA_VERSION));
        }
        if (config.maxSegments() < 1) {
            problems.add(new Finding(List.of("maxSegments"), "must be at least 1"));
        }
        if (config.defaultValidity().isNegative() || config.defaultValidity().isZero()) {
            problems.add(new Finding(List.of("defaultValidity"), "must be a positive duration such as PT48H"));
        }
        if (config.tenants().isEmpty()) {
            problems.add(new Finding(List.of("tenants"), "declare at least one tenant"));
        }
        config.tenants().forEach((name, tenant) -> tenant(problems, name, tenant));
        config.clients().forEach((id, client) -> client(problems, config, id, client));
        return problems;
    }

    private static void tenant(List<Finding> problems, String name, PolicyConfig.Tenant tenant) {
        List<Object> at = List.of("tenants", name);
        if (tenant == null) {
            problems.add(new Finding(at, "is empty; a tenant needs at least 'countries'"));
            return;
        }
        if (!TENANT.matcher(name).matches()) {
            problems.add(new Finding(at, "tenant names are lower-case letters, digits and '-'"));
        }
        if (tenant.countries().isEmpty()) {
            problems.add(new Finding(path(at, "countries"), "required: at least one ISO 3166-1 alpha-2 code"));
        }
        each(tenant.countries(), at, "countries", problems, (country, field) -> {
            if (!REGIONS.contains(country)) {
                problems.add(new Finding(field, "'" + country + "' is not an ISO 3166-1 alpha-2 code"));
            }
        });
        each(tenant.senders(), at, "senders", problems, (sender, field) -> sender(problems, sender, field));
        each(tenant.denyWords().orElse(List.of()), at, "denyWords", problems, (word, field) -> {
            if (word.isBlank()) {
                problems.add(new Finding(field, "is blank"));
            }
        });
        each(tenant.denyPatterns().orElse(List.of()), at, "denyPatterns", problems, (pattern, field) -> {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                problems.add(new Finding(field, "is not a valid regular expression (" + e.getDescription() + ")"));
            }
        });
        each(tenant.detectors(), at, "detectors", problems, (d, field) -> { });
        each(tenant.linkDomains().orElse(List.of()), at, "linkDomains", problems, (domain, field) -> {
            if (!DOMAIN.matcher(domain).matches()) {
                problems.add(new Finding(field, "'" + domain + "' is not a lower-case ASCII domain name"));
            }
        });
        tenant.allowNumberTypes().forEach((type, why) -> {
            List<Object> field = path(path(at, "allowNumberTypes"), type);
            if (!NumberTypes.IDS.containsKey(type)) {
                problems.add(new Finding(field, "unknown number type (expected one of "
                        + String.join(", ", NumberTypes.IDS.keySet()) + ")"));
            } else if (why == null || why.isBlank()) {
                problems.add(new Finding(field, "give the reason the tenant texts this type; it is recorded in the audit"));
            } else if (why.length() > 200 || why.codePoints().anyMatch(Character::isISOControl)) {
                problems.add(new Finding(field, "the reason must be one line of at most 200 characters"));
            }
        });
        if (Boolean.TRUE.equals(tenant.rejectLandlines()) && tenant.allowNumberTypes().containsKey("landline")) {
            problems.add(new Finding(path(at, "rejectLandlines"), "contradicts allowNumberTypes.landline; drop one"));
        }
        each(tenant.denyNumbers().orElse(List.of()), at, "denyNumbers", problems, (number, field) -> {
            if (!E164.matcher(number).matches()) {
                // Never quote it: it is somebody's phone number, or nearly.
                problems.add(new Finding(field, "is not an E.164 number"));
            }
        });
        tenant.quietHours().ifPresent(q -> {
            try {
                QuietHours.parse(q);
            } catch (IllegalArgumentException e) {
                problems.add(new Finding(path(at, "quietHours"), e.getMessage()));
            }
        });
        tenant.templates().forEach((templateName, text) -> {
            List<Object> field = path(path(at, "templates"), templateName);
            if (!TEMPLATE_NAME.matcher(templateName).matches()) {
                problems.add(new Finding(field, "template names are lower-case letters, digits, '.', '_' and '-'"));
            }
            if (text == null || text.isBlank()) {
                problems.add(new Finding(field, "is empty"));
                return;
            }
            try {
                Template.parse(text);
            } catch (IllegalArgumentException e) {
                problems.add(new Finding(field, e.getMessage()));
            }
        });
        RuleSwitches.check(tenant).forEach((rule, problem) ->
                problems.add(new Finding(path(path(at, "rules"), rule), problem)));
    }

    private static void client(List<Finding> problems, PolicyConfig config, String id, PolicyConfig.Client client) {
        List<Object> at = List.of("clients", id);
        if (client == null) {
            problems.add(new Finding(at, "is empty; a client needs 'tenant', 'role' and 'apiKeySha256'"));
            return;
        }
        if (!CLIENT.matcher(id).matches()) {
            problems.add(new Finding(at, "client ids are letters, digits, '.', '_' and '-' (at most 64)"));
        }
        if (client.tenant() == null) {
            problems.add(new Finding(path(at, "tenant"), "required"));
        } else if (!config.tenants().containsKey(client.tenant())) {
            problems.add(new Finding(path(at, "tenant"), "unknown tenant '" + client.tenant() + "'"));
        }
        if (client.role() == null) {
            problems.add(new Finding(path(at, "role"), "required: sender, admin or auditor"));
        }
        if (client.apiKeySha256().isEmpty()) {
            problems.add(new Finding(path(at, "apiKeySha256"), "required: at least one key hash"));
        }
        each(client.apiKeySha256(), at, "apiKeySha256", problems, (hash, field) -> {
            if (!SHA256_HEX.matcher(hash).matches()) {
                problems.add(new Finding(field, "must be 64 lower-case hex digits (the SHA-256 of the key)"));
            }
        });
        each(client.senders(), at, "senders", problems, (sender, field) -> sender(problems, sender, field));
        if (client.ratePerSecond() != null && !(client.ratePerSecond() > 0 && client.ratePerSecond() < 1e9)) {
            problems.add(new Finding(path(at, "ratePerSecond"), "must be a positive number of messages per second"));
        }
        if (client.templatesOnly() && client.tenant() != null && config.tenants().get(client.tenant()) != null
                && config.tenants().get(client.tenant()).templates().isEmpty()) {
            problems.add(new Finding(path(at, "templatesOnly"), "the tenant declares no templates to send"));
        }
        if (client.dailyQuota() != null && client.dailyQuota() < 1) {
            problems.add(new Finding(path(at, "dailyQuota"), "must be a positive number of messages per UTC day"));
        }
        // A key shared by two clients would make the principal depend on map order.
        for (int i = 0; i < client.apiKeySha256().size(); i++) {
            String hash = client.apiKeySha256().get(i);
            for (var other : config.clients().entrySet()) {
                if (!other.getKey().equals(id) && other.getValue() != null
                        && other.getValue().apiKeySha256().contains(hash) && other.getKey().compareTo(id) < 0) {
                    problems.add(new Finding(path(path(at, "apiKeySha256"), i),
                            "the same key hash is declared for client '" + other.getKey() + "'"));
                }
            }
        }
    }

    private static void sender(List<Finding> problems, String sender, List<Object> field) {
        if (!SENDER.matcher(sender).matches()) {
            problems.add(new Finding(field, "'" + sender + "' is neither an alphanumeric (≤11) nor a numeric sender id"));
        }
    }

    /** Applies {@code check} to each non-null entry of a list field; a null entry is a problem of its own. */
    private static <T> void each(List<T> values, List<Object> at, String name, List<Finding> problems,
            java.util.function.BiConsumer<T, List<Object>> check) {
        for (int i = 0; i < values.size(); i++) {
            List<Object> field = path(path(at, name), i);
            if (values.get(i) == null) {
                problems.add(new Finding(field, "is empty"));
            } else {
                check.accept(values.get(i), field);
            }
        }
    }

    private static List<Object> path(List<Object> at, Object next) {
        List<Object> p = new ArrayList<>(at);
        p.add(next);
        return List.copyOf(p);
    }
}
