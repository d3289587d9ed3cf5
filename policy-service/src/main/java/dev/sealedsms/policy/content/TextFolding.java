package dev.sealedsms.policy.content;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Brings text to the one form that content rules match against, so that Unicode tricks do not
 * slip past them: NFKC (full-width digits and letters, ligatures, superscripts become plain), every
 * Unicode decimal digit mapped to its ASCII digit (Arabic-Indic, Devanagari, Thai and the other
 * scripts' digits, which NFKC leaves alone), invisible characters removed (every format character:
 * zero-width spaces and joiners, soft hyphens, BOM, bidi controls, tag characters; and the blank
 * fillers and variation selectors that render as nothing), case folded, and common homoglyphs
 * (Cyrillic and Greek letters that look Latin) mapped to the Latin letter.
 */
public final class TextFolding {

    /** Look-alike → Latin. A subset of Unicode's confusables, the letters seen in SMS spam. */
    private static final String LOOKALIKES = "аa" + "вb" + "еe" + "ёe" + "кk" + "мm" + "нh" + "оo" + "рp" + "сc"
            + "тt" + "уy" + "хx" + "ѕs" + "іi" + "јj" + "ԁd" + "ɡg" + "ӏl" + "αa" + "βb" + "εe" + "ιi" + "κk" + "νv"
            + "οo" + "ρp" + "τt" + "υu" + "χx" + "ϲc" + "ℓl";
    private static final char[] MAP = new char[0x10000];

    static {
        for (int i = 0; i < LOOKALIKES.length(); i += 2) {
            MAP[LOOKALIKES.charAt(i)] = LOOKALIKES.charAt(i + 1);
        }
    }

    private TextFolding() {
    }

    /** NFKC, decimal digits made ASCII, invisible characters dropped, lower-cased; homoglyphs left as they are. */
    public static String normalize(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(nfkc.length());
        for (int i = 0; i < nfkc.length(); ) {
            int cp = nfkc.codePointAt(i);
            i += Character.charCount(cp);
            if (invisible(cp)) {
                continue;
            }
            if (cp > '9' && Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
                sb.append((char) ('0' + Character.digit(cp, 10)));
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** {@link #normalize} and then every look-alike letter mapped to its Latin twin. */
    public static String fold(String text) {
        String n = normalize(text);
        StringBuilder sb = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            sb.append(MAP[c] != 0 ? MAP[c] : c);
        }
        return sb.toString();
    }

    /** True when {@code text} has a letter that {@link #fold} would change into Latin. */
    public static boolean hasLookalikes(String normalized) {
        for (int i = 0; i < normalized.length(); i++) {
            if (MAP[normalized.charAt(i)] != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a reader sees nothing of {@code text}: every character is white space or
     * {@linkplain #invisible invisible}. Such a body passes a blank check but is no message.
     */
    public static boolean invisibleOnly(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!invisible(cp) && !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code text} has a bidirectional embedding, override or isolate (U+202A-U+202E,
     * U+2066-U+2069): they reorder what the reader sees, so "moc.knab" can display as "bank.com".
     * The marks (LRM, RLM, ALM) only nudge neutral characters and are left to right-to-left text.
     */
    public static boolean hasBidiControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return true;
            }
        }
        return false;
    }

    /**
     * Characters that render as nothing: every format character (Cf: soft hyphen, zero-width space,
     * joiners, bidi controls, BOM, tags), the combining grapheme joiner, variation selectors, the
     * Hangul fillers and the blank Braille pattern.
     */
    static boolean invisible(int cp) {
        return Character.getType(cp) == Character.FORMAT || cp == 0x034F || (cp >= 0xFE00 && cp <= 0xFE0F)
                || (cp >= 0xE0100 && cp <= 0xE01EF) || (cp >= 0x180B && cp <= 0x180F) || cp == 0x115F
                || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800 || cp == 0x17B4 || cp == 0x17B5;
    }
}
