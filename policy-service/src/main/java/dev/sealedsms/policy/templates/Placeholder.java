package dev.sealedsms.policy.templates;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One typed placeholder of a {@link Template}: {@code {name:type}} or {@code {name:type(min,max)}}.
 *
 * @param name the placeholder's name, the key of its value in a request
 * @param type what a value must look like
 * @param min  the fewest characters (digits for {@code digits}) a value may have; 0 when not bounded
 * @param max  the most; 0 when not bounded
 */
public record Placeholder(String name, Type type, int min, int max) {

    /** The value types: few and strict, so a value can never carry free text where a number belongs. */
    public enum Type {
        /** ASCII digits 0-9 only, {@code digits(min,max)} of them (default 1 to 20); a one-time code, an id. */
        DIGITS("digits", true, 1, 20, 64),
        /**
         * Printable text of {@code text(min,max)} characters (default 1 to 100); no control, format
         * (zero-width, bidi), separator or private-use characters, so a value cannot hide or reorder content.
         */
        TEXT("text", true, 1, 100, 1000),
        /** A decimal number: optional '-', 1 to 15 digits, optionally '.' and 1 to 6 digits (e.g. 12.50). */
        DECIMAL("decimal", false, 0, 0, 0),
        /** An ISO-8601 calendar date, {@code yyyy-MM-dd}, that exists. */
        DATE("date", false, 0, 0, 0);

        private final String wireName;
        private final boolean bounded;
        private final int defaultMin;
        private final int defaultMax;
        private final int limit;

        Type(String wireName, boolean bounded, int defaultMin, int defaultMax, int limit) {
            this.wireName = wireName;
            this.bounded = bounded;
            this.defaultMin = defaultMin;
            this.defaultMax = defaultMax;
            this.limit = limit;
        }

        /** The spelling in a template: {@code digits}, {@code text}, {@code decimal}, {@code date}. */
        public String wireName() {
            return wireName;
        }

        static Optional<Type> of(String wireName) {
            for (Type t : values()) {
                if (t.wireName.equals(wireName)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    private static final Pattern DIGITS = Pattern.compile("[0-9]*");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,15}(\\.[0-9]{1,6})?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /**
     * A placeholder of {@code type} with the given bounds (null: the type's defaults).
     *
     * @throws IllegalArgumentException when the bounds do not fit the type
     */
    static Placeholder of(String name, Type type, Integer min, Integer max) {
        if (!type.bounded) {
            if (min != null) {
                throw new IllegalArgumentException("placeholder '" + name + "': type " + type.wireName
                        + " takes no bounds");
            }
            return new Placeholder(name, type, 0, 0);
        }
        int lo = min == null ? type.defaultMin : min;
        int hi = max == null ? type.defaultMax : max;
        if (lo < 1 || hi < lo || hi > type.limit) {
            throw new IllegalArgumentException("placeholder '" + name + "': bounds of " + type.wireName
                    + " must satisfy 1 <= min <= max <= " + type.limit);
        }
        return new Placeholder(name, type, lo, hi);
    }

    /** Why {@code value} does not fit, or empty when it does. The answer never quotes the value. */
    public Optional<String> problem(String value) {
        if (value == null) {
            return Optional.of("has no value");
        }
        return switch (type) {
            case DIGITS -> DIGITS.matcher(value).matches() && value.length() >= min && value.length() <= max
                    ? Optional.empty()
                    : Optional.of("must be " + bounds() + " digits 0-9");
            case TEXT -> text(value);
            case DECIMAL -> DECIMAL.matcher(value).matches() ? Optional.empty()
                    : Optional.of("must be a decimal number such as 12.50");
            case DATE -> date(value);
        };
    }

    private Optional<String> text(String value) {
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            return Optional.of("must be " + bounds() + " characters");
        }
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            switch (Character.getType(c)) {
                case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                        Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> {
                    return Optional.of("must not contain control, format or invisible characters");
                }
                default -> {
                }
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    private static Optional<String> date(String value) {
        if (DATE.matcher(value).matches()) {
            try {
                LocalDate.parse(value);
                return Optional.empty();
            } catch (DateTimeException e) {
                // Well-formed but not a real day (2026-02-30): reported below like any other bad date.
            }
        }
        return Optional.of("must be a date yyyy-MM-dd");
    }

    private String bounds() {
        return min == max ? Integer.toString(min) : min + " to " + max;
    }

    /** As written in a template, e.g. {@code {code:digits(4,8)}}. */
    @Override
    public String toString() {
        return "{" + name + ":" + type.wireName + (type.bounded ? "(" + min + "," + max + ")" : "") + "}";
    }
}
