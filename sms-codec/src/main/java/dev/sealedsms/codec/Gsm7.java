package dev.sealedsms.codec;

import java.io.ByteArrayOutputStream;

/**
 * GSM 03.38 default alphabet with its extension table, as unpacked septets (one septet per octet),
 * which is how SMPP carries {@code data_coding = 0}. Extension characters cost two septets: the
 * escape {@code 0x1B} and their code.
 */
public final class Gsm7 {

    /** Basic table, indexed by septet. 0x1B is the escape to the extension table. */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Extension table: character and the septet that follows the escape. */
    private static final String EXT_CHARS = "\f^{}\\[~]|€";
    private static final byte[] EXT_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};
    public static final int ESCAPE = 0x1B;

    private static final int[] SEPTET = new int[0x10000];
    private static final int[] EXT_SEPTET = new int[0x10000];

    static {
        java.util.Arrays.fill(SEPTET, -1);
        java.util.Arrays.fill(EXT_SEPTET, -1);
        for (int i = 0; i < BASIC.length(); i++) {
            if (i != ESCAPE) {
                SEPTET[BASIC.charAt(i)] = i;
            }
        }
        for (int i = 0; i < EXT_CHARS.length(); i++) {
            EXT_SEPTET[EXT_CHARS.charAt(i)] = EXT_CODES[i];
        }
    }

    private Gsm7() {
    }

    /** Septets {@code c} costs in GSM-7: 1, 2 for an extension character, or -1 if it has none. */
    public static int septets(char c) {
        if (SEPTET[c] >= 0) {
            return 1;
        }
        return EXT_SEPTET[c] >= 0 ? 2 : -1;
    }

    /** True when every character of {@code text} has a GSM-7 code. */
    public static boolean canEncode(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (septets(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Unpacked septets; throws {@link IllegalArgumentException} (naming the position only) if a character has no code. */
    public static byte[] encode(CharSequence text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (SEPTET[c] >= 0) {
                out.write(SEPTET[c]);
            } else if (EXT_SEPTET[c] >= 0) {
                out.write(ESCAPE);
                out.write(EXT_SEPTET[c]);
            } else {
                throw new IllegalArgumentException("character at index " + i + " has no GSM-7 code");
            }
        }
        return out.toByteArray();
    }

    /** Decodes unpacked septets; an unknown extension code decodes as a space, as 03.38 advises. */
    public static String decode(byte[] septets) {
        StringBuilder sb = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int s = septets[i] & 0x7F;
            if (s == ESCAPE && i + 1 < septets.length) {
                int code = septets[++i] & 0x7F;
                int idx = -1;
                for (int k = 0; k < EXT_CODES.length; k++) {
                    if (EXT_CODES[k] == code) {
                        idx = k;
                    }
                }
                sb.append(idx >= 0 ? EXT_CHARS.charAt(idx) : ' ');
            } else {
                sb.append(BASIC.charAt(s));
            }
        }
        return sb.toString();
    }
}
