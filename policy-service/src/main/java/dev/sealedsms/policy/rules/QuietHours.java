package dev.sealedsms.policy.rules;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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

    /**
     * When the window that holds {@code at} in {@code zone} ends, or null when {@code at} is not in
     * the window there. Daylight-saving gaps and overlaps resolve as {@link ZonedDateTime} does.
     */
    public Instant endAfter(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        if (!contains(local.toLocalTime())) {
            return null;
        }
        ZonedDateTime end = local.toLocalDate().atTime(this.end).atZone(zone);
        if (!end.isAfter(local)) {
            end = local.toLocalDate().plusDays(1).atTime(this.end).atZone(zone);
        }
        return end.toInstant();
    }

    /** True when {@code t} falls in the window (start inclusive, end exclusive). */
    public boolean contains(LocalTime t) {
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }
}
