package dev.sealedsms.codec;

import dev.sealedsms.events.TextEncoding;

/**
 * How a body travels and what it costs: GSM-7 when every character has a code, otherwise UCS-2;
 * segment counts follow 3GPP TS 23.040 concatenation (a 6-octet UDH leaves 153 septets or 67 UTF-16
 * units per part). Parts never split an escape pair or a surrogate pair.
 */
public final class SmsText {

    public static final int GSM7_SINGLE = 160;
    public static final int GSM7_PART = 153;
    public static final int UCS2_SINGLE = 70;
    public static final int UCS2_PART = 67;

    private SmsText() {
    }

    /** The encoding, length in units of that encoding, and segment count of {@code body}. */
    public static Analysis analyse(String body) {
        if (Gsm7.canEncode(body)) {
            int units = 0;
            for (int i = 0; i < body.length(); i++) {
                units += Gsm7.septets(body.charAt(i));
            }
            return new Analysis(TextEncoding.GSM7, units, gsm7Segments(body, units));
        }
        return new Analysis(TextEncoding.UCS2, body.length(), ucs2Segments(body));
    }

    private static int gsm7Segments(String body, int units) {
        if (units <= GSM7_SINGLE) {
            return 1;
        }
        int parts = 1;
        int used = 0;
        for (int i = 0; i < body.length(); i++) {
            int cost = Gsm7.septets(body.charAt(i));
            if (used + cost > GSM7_PART) {
                parts++;
                used = 0;
            }
            used += cost;
        }
        return parts;
    }

    private static int ucs2Segments(String body) {
        if (body.length() <= UCS2_SINGLE) {
            return 1;
        }
        int parts = 1;
        int used = 0;
        for (int i = 0; i < body.length(); i++) {
            int cost = Character.isHighSurrogate(body.charAt(i)) && i + 1 < body.length() ? 2 : 1;
            if (used + cost > UCS2_PART) {
                parts++;
                used = 0;
            }
            used += cost;
            i += cost - 1;
        }
        return parts;
    }

    /**
     * @param units septets for GSM-7 (extension characters count two), UTF-16 units for UCS-2
     */
    public record Analysis(TextEncoding encoding, int units, int segments) {
    }
}
