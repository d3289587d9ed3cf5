package dev.sealedsms.policy.rules;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/** A daily window of local time, {@code HH:mm-HH:mm}; a window whose end is before its start spans midnight. */
public record QuietHours(LocalTime start, LocalTime end) {

    public static QuietHours parse(String text) {
        String[] parts = text.split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected HH:mm-HH:mm, e.g. 21:00-08:00");
        }
        try {
            QuietHours q = new QuietHours(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
            if (q.start.equals(q.end)) {
                throw new IllegalArgumentException("start and end are equal");
            }
            return q;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected HH:mm-HH:mm, e.g. 21:00-08:00");
        }
    }

    /** True when {@code t} falls in the window (start inclusive, end exclusive). */
    public boolean contains(LocalTime t) {
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }
}
