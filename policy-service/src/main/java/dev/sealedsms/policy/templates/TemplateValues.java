package dev.sealedsms.policy.templates;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request to send one of the tenant's templates instead of free text. {@link #toString()} is redacted.
 *
 * @param name   the template's name in the policy document
 * @param values a value for each placeholder, by placeholder name (as text: {@code "0042"}, {@code "12.50"})
 */
public record TemplateValues(String name, Map<String, String> values) {

    public TemplateValues {
        // Sorted: the same values in another order are the same request (Idempotency-Key fingerprints).
        values = values == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(values));
    }

    @Override
    public String toString() {
        return "TemplateValues[name=" + name + ", values=<redacted>]";
    }
}
