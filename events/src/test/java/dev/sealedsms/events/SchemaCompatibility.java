package dev.sealedsms.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The versioning rule of docs/contract.md as a check: within a major version a schema may only
 * gain optional properties and documentation. Compares a released (baseline) schema with the
 * current one and lists every change that a consumer of the baseline, or a consumer of the
 * current schema reading old records, could trip over:
 * <ul>
 * <li>a property removed, at any depth;</li>
 * <li>a property's type changed (any change of {@code type}, {@code const}, {@code format},
 *     {@code pattern}, bounds, ...);</li>
 * <li>the required set changed: a new property required (old records lack it) or a required one
 *     made optional (old consumers rely on it);</li>
 * <li>an enum value removed or added (enums are closed: the services' own Jackson readers refuse an
 *     unknown value);</li>
 * <li>{@code additionalProperties} or a combinator ({@code oneOf}, ...) changed.</li>
 * </ul>
 * Only {@code title}, {@code description}, {@code $comment}, {@code examples} and
 * {@code deprecated} may change freely.
 */
final class SchemaCompatibility {

    private static final Set<String> DOCUMENTATION = Set.of("title", "description", "$comment", "examples",
            "deprecated");

    private SchemaCompatibility() {
    }

    /** Every incompatible change from {@code baseline} to {@code current}; empty when compatible. */
    static List<String> problems(JsonNode baseline, JsonNode current) {
        List<String> problems = new ArrayList<>();
        compare(baseline, current, "", problems);
        return problems;
    }

    private static void compare(JsonNode was, JsonNode now, String at, List<String> problems) {
        String where = at.isEmpty() ? "(root)" : at;
        if (!was.isObject() || !now.isObject()) {
            if (!was.equals(now)) {
                problems.add(where + ": schema changed from " + was + " to " + now);
            }
            return;
        }
        Set<String> keywords = new TreeSet<>();
        was.fieldNames().forEachRemaining(keywords::add);
        now.fieldNames().forEachRemaining(keywords::add);
        for (String keyword : keywords) {
            JsonNode before = was.path(keyword);
            JsonNode after = now.path(keyword);
            switch (keyword) {
                case "properties" -> compareProperties(before, after, at, problems);
                case "required" -> compareRequired(before, after, where, problems);
                case "enum" -> compareEnum(before, after, where, problems);
                case "items" -> compare(before, after, at + "[]", problems);
                case "additionalProperties" -> {
                    if (before.isObject() && after.isObject()) {
                        compare(before, after, at + "/*", problems);
                    } else if (!additionalAllowed(before).equals(additionalAllowed(after))) {
                        problems.add(where + ": additionalProperties changed from " + describe(before) + " to "
                                + describe(after));
                    }
                }
                default -> {
                    if (!DOCUMENTATION.contains(keyword) && !before.equals(after)) {
                        String change = before.isMissingNode() ? "added " + after
                                : after.isMissingNode() ? "removed (was " + before + ")"
                                : "changed from " + before + " to " + after;
                        problems.add(where + ": " + keyword + " " + change
                                + ("type".equals(keyword) ? " (a property's type never changes within a major version)" : ""));
                    }
                }
            }
        }
    }

    private static void compareProperties(JsonNode was, JsonNode now, String at, List<String> problems) {
        for (Iterator<String> names = was.fieldNames(); names.hasNext();) {
            String name = names.next();
            JsonNode after = now.path(name);
            if (after.isMissingNode()) {
                problems.add(at + "/" + name + ": property removed (never remove or rename within a major version)");
            } else {
                compare(was.get(name), after, at + "/" + name, problems);
            }
        }
        // New properties are the compatible change; whether they became required is compareRequired's.
    }

    private static void compareRequired(JsonNode was, JsonNode now, String where, List<String> problems) {
        Set<String> before = texts(was);
        Set<String> after = texts(now);
        for (String name : after) {
            if (!before.contains(name)) {
                problems.add(where + ": '" + name + "' became required (records written before lack it: "
                        + "a new property is optional)");
            }
        }
        for (String name : before) {
            if (!after.contains(name)) {
                problems.add(where + ": '" + name + "' is no longer required (consumers rely on it being there)");
            }
        }
    }

    private static void compareEnum(JsonNode was, JsonNode now, String where, List<String> problems) {
        Set<String> before = texts(was);
        Set<String> after = texts(now);
        Set<String> removed = new LinkedHashSet<>(before);
        removed.removeAll(after);
        Set<String> added = new LinkedHashSet<>(after);
        added.removeAll(before);
        if (!removed.isEmpty()) {
            problems.add(where + ": enum value(s) removed " + removed);
        }
        if (!added.isEmpty()) {
            problems.add(where + ": enum value(s) added " + added
                    + " (enums are closed within a major version: existing readers refuse unknown values)");
        }
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(v -> out.add(v.isNull() ? "null" : v.asText()));
        return out;
    }

    /** JSON Schema's default for additionalProperties is true. */
    private static Boolean additionalAllowed(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? Boolean.TRUE : node.isBoolean() ? node.booleanValue() : null;
    }

    private static String describe(JsonNode node) {
        return node instanceof MissingNode ? "absent (true)" : node.toString();
    }
}
