package dev.sealedsms.dispatch.receipts;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Carrier message ids as carriers write them: some in decimal, some in hex, some in hex in
 * submit_sm_resp and decimal in the receipt text. An id is indexed in canonical form (trimmed,
 * lower case, no leading zeros); a receipt's id is looked up as written first, then read as decimal
 * and written in hex, then read as hex and written in decimal.
 */
final class CarrierIds {

    private CarrierIds() {
    }

    static String canonical(String id) {
        String s = id.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }

    /** Forms to try for a receipt's id, most literal first. */
    static Set<String> candidates(String id) {
        Set<String> out = new LinkedHashSet<>();
        String c = canonical(id);
        out.add(c);
        if (c.matches("[0-9]{1,18}")) {
            out.add(Long.toHexString(Long.parseLong(c)));
        }
        if (c.matches("[0-9a-f]{1,15}")) {
            out.add(Long.toString(Long.parseLong(c, 16)));
        }
        return out;
    }
}
