package dev.sealedsms.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of traffic a message is; the policy treats each differently (quiet hours, quotas). */
public enum Category {
    TRANSACTIONAL,
    MARKETING,
    OTP;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name; unknown names are an {@link IllegalArgumentException} naming the value. */
    @JsonCreator
    public static Category fromWire(String value) {
        for (Category c : values()) {
            if (c.wireName().equals(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown category '" + value + "'");
    }
}
