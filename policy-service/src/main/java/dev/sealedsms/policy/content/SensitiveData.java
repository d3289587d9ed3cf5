package dev.sealedsms.policy.content;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detectors for data that must not travel by SMS. Each checks a candidate's checksum, not only its
 * shape, so an order number of sixteen digits is not a card. Input is {@link TextFolding#fold}ed
 * first, so full-width digits and zero-width separators do not hide a number.
 */
public final class SensitiveData {

    /** 13 to 19 digits, optionally grouped by single spaces, dots or dashes. */
    private static final Pattern CARD = Pattern.compile("(?<![0-9])[0-9](?:[ .-]?[0-9]){12,18}(?![0-9])");
    /** Country code, check digits, then 11 to 30 alphanumerics, optionally grouped by spaces. */
    private static final Pattern IBAN = Pattern.compile("(?<![a-z0-9])[a-z]{2}[0-9]{2}(?: ?[a-z0-9]){11,30}(?![a-z0-9])");
    private static final Pattern EMAIL = Pattern.compile("[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}");

    private SensitiveData() {
    }

    /** True when folded {@code text} holds a number that passes the Luhn check as a 13-19 digit card number. */
    public static boolean hasCardNumber(String folded) {
        Matcher m = CARD.matcher(folded);
        while (m.find()) {
            // The whole run only: windows inside longer runs would flag one in ten order numbers.
            if (luhn(m.group().replaceAll("[^0-9]", ""))) {
                return true;
            }
        }
        return false;
    }

    /** True when folded {@code text} holds an IBAN whose mod-97 check passes. */
    public static boolean hasIban(String folded) {
        Matcher m = IBAN.matcher(folded);
        while (m.find()) {
            String compact = m.group().replace(" ", "");
            // The greedy match may include a following word; shrink until the check passes.
            for (int end = compact.length(); end >= 15; end--) {
                if (ibanValid(compact.substring(0, end))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when folded {@code text} holds an e-mail address. */
    public static boolean hasEmail(String folded) {
        return EMAIL.matcher(folded).find();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0 && !digits.chars().allMatch(c -> c == '0');
    }

    static boolean ibanValid(String iban) {
        String s = iban.toUpperCase(Locale.ROOT);
        if (s.length() < 15 || s.length() > 34) {
            return false;
        }
        String rearranged = s.substring(4) + s.substring(0, 4);
        StringBuilder numeric = new StringBuilder(rearranged.length() * 2);
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            if (Character.isDigit(c)) {
                numeric.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                numeric.append(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
