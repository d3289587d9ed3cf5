package dev.sealedsms.policy.content;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Brings text to the one form that content rules match against, so that Unicode tricks do not
 * slip past them: NFKC (full-width digits and letters, ligatures, superscripts become plain),
 * invisible characters removed (zero-width spaces and joiners, soft hyphens, BOM), case folded,
 * and common homoglyphs (Cyrillic and Greek letters that look Latin) mapped to the Latin letter.
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

    /** NFKC, invisible characters dropped, lower-cased; homoglyphs left as they are. */
    public static String normalize(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(nfkc.length());
        for (int i = 0; i < nfkc.length(); i++) {
            char c = nfkc.charAt(i);
            if (!invisible(c)) {
                sb.append(c);
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

    private static boolean invisible(char c) {
        return c == '\u00AD' || (c >= '\u200B' && c <= '\u200F') || (c >= '\u2060' && c <= '\u2064')
                || c == '\uFEFF' || c == '\u034F' || c == '\u180E';
    }
}
