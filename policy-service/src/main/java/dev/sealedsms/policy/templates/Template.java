package dev.sealedsms.policy.templates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An approved message text with typed placeholders, declared per tenant in the policy document and
 * rendered server-side: {@code "Your code is {code:digits(4,8)}"}. A placeholder is
 * {@code {name:type}} or {@code {name:type(min,max)}} (types: {@link Placeholder.Type}); {@code {{}
 * and {@code }}} write literal braces. A name may appear more than once, always with the same type.
 * Parsed once per policy; {@link #render} is pure and thread-safe.
 */
public final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "([A-Za-z][A-Za-z0-9_]{0,31}):([a-z]+)(?:\\(([0-9]{1,4}),([0-9]{1,4})\\))?");

    /** Literal text (String) and placeholders, in order. */
    private final List<Object> parts;
    private final Map<String, Placeholder> placeholders;

    private Template(List<Object> parts, Map<String, Placeholder> placeholders) {
        this.parts = parts;
        this.placeholders = placeholders;
    }

    /**
     * Parses a template's text.
     *
     * @throws IllegalArgumentException naming the problem (an unknown type, an unclosed brace, bad
     *                                  bounds) and the character position
     */
    public static Template parse(String text) {
        List<Object> parts = new ArrayList<>();
        Map<String, Placeholder> placeholders = new LinkedHashMap<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '}') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '}') {
                    literal.append('}');
                    i++;
                    continue;
                }
                throw new IllegalArgumentException("unmatched '}' at character " + (i + 1) + " (write '}}' for a brace)");
            }
            if (c != '{') {
                literal.append(c);
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                literal.append('{');
                i++;
                continue;
            }
            int end = text.indexOf('}', i);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed '{' at character " + (i + 1));
            }
            Placeholder p = placeholder(text.substring(i + 1, end), i + 1);
            Placeholder before = placeholders.putIfAbsent(p.name(), p);
            if (before != null && !before.equals(p)) {
                throw new IllegalArgumentException("placeholder '" + p.name() + "' is declared twice with different types");
            }
            if (!literal.isEmpty()) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            parts.add(p);
            i = end;
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
        }
        return new Template(List.copyOf(parts), Collections.unmodifiableMap(placeholders));
    }

    private static Placeholder placeholder(String spec, int at) {
        Matcher m = PLACEHOLDER.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("placeholder at character " + at
                    + " must be {name:type} or {name:type(min,max)}");
        }
        Placeholder.Type type = Placeholder.Type.of(m.group(2)).orElseThrow(() -> new IllegalArgumentException(
                "placeholder '" + m.group(1) + "' has unknown type '" + m.group(2)
                        + "' (expected digits, text, decimal or date)"));
        return Placeholder.of(m.group(1), type,
                m.group(3) == null ? null : Integer.valueOf(m.group(3)),
                m.group(4) == null ? null : Integer.valueOf(m.group(4)));
    }

    /** The placeholders by name, in order of first appearance. */
    public Map<String, Placeholder> placeholders() {
        return placeholders;
    }

    /**
     * The text with every placeholder replaced by its value.
     *
     * @throws InvalidValueException when a value is missing, does not fit its type, or names no placeholder
     */
    public String render(Map<String, String> values) {
        for (String name : values.keySet()) {
            if (!placeholders.containsKey(name)) {
                throw new InvalidValueException(name, "is not a placeholder of this template");
            }
        }
        for (Placeholder p : placeholders.values()) {
            p.problem(values.get(p.name())).ifPresent(why -> {
                throw new InvalidValueException(p.name(), why);
            });
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            out.append(part instanceof Placeholder p ? values.get(p.name()) : (String) part);
        }
        return out.toString();
    }

    /** A value that does not fit its placeholder. The message names the placeholder, never the value. */
    public static final class InvalidValueException extends RuntimeException {

        private final String placeholder;

        InvalidValueException(String placeholder, String why) {
            super("placeholder '" + placeholder + "' " + why, null, false, false);
            this.placeholder = placeholder;
        }

        public String placeholder() {
            return placeholder;
        }
    }
}
