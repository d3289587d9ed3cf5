package dev.sealedsms.dispatch.smpp;

import dev.sealedsms.codec.Gsm7;
import dev.sealedsms.codec.SmsText;
import dev.sealedsms.events.TextEncoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.OptionalParameter;

/**
 * A body as SMPP carries it: GSM 03.38 unpacked septets ({@code data_coding} 0, extension
 * characters as escape pairs) when every character has a code, otherwise UCS-2 ({@code data_coding}
 * 8); cut into parts by the 3GPP TS 23.040 rules {@link SmsText} counts with (160/153 septets,
 * 70/67 UTF-16 units), never inside an escape pair or a surrogate pair.
 *
 * <p>Parts are joined by a concatenation UDH (IEI 0x00, 8-bit reference, esm_class UDHI) or, as an
 * option, by the SAR TLVs {@code sar_msg_ref_num}, {@code sar_total_segments},
 * {@code sar_segment_seqnum} (SMPP 3.4 §5.3.2.22-24).
 */
record SmppText(TextEncoding encoding, DataCoding dataCoding, List<Part> parts) {

    private static final DataCoding UCS2 = DataCodings.newInstance((byte) 0x08);
    private static final AtomicInteger REFERENCE = new AtomicInteger((int) (System.nanoTime() & 0xFFFF));

    /** One submit_sm's worth: its short_message octets (UDH included) and TLVs. */
    record Part(byte[] shortMessage, boolean udhi, OptionalParameter[] tlvs) {
    }

    static SmppText of(String body, boolean sar) {
        boolean gsm = Gsm7.canEncode(body);
        List<String> pieces = split(body, gsm);
        DataCoding dc = gsm ? DataCodings.ZERO : UCS2;
        TextEncoding enc = gsm ? TextEncoding.GSM7 : TextEncoding.UCS2;
        if (pieces.size() == 1) {
            return new SmppText(enc, dc, List.of(new Part(octets(body, gsm), false, new OptionalParameter[0])));
        }
        int ref = REFERENCE.incrementAndGet();
        int total = pieces.size();
        List<Part> parts = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            byte[] text = octets(pieces.get(i), gsm);
            if (sar) {
                parts.add(new Part(text, false, new OptionalParameter[] {
                    new OptionalParameter.Sar_msg_ref_num((short) (ref & 0xFFFF)),
                    new OptionalParameter.Sar_total_segments((byte) total),
                    new OptionalParameter.Sar_segment_seqnum((byte) (i + 1))}));
            } else {
                byte[] withUdh = new byte[6 + text.length];
                withUdh[0] = 0x05; // UDH length
                withUdh[1] = 0x00; // IEI: concatenated short messages, 8-bit reference
                withUdh[2] = 0x03; // IE length
                withUdh[3] = (byte) ref;
                withUdh[4] = (byte) total;
                withUdh[5] = (byte) (i + 1);
                System.arraycopy(text, 0, withUdh, 6, text.length);
                parts.add(new Part(withUdh, true, new OptionalParameter[0]));
            }
        }
        return new SmppText(enc, dc, List.copyOf(parts));
    }

    int segments() {
        return parts.size();
    }

    private static byte[] octets(String text, boolean gsm) {
        return gsm ? Gsm7.encode(text) : text.getBytes(StandardCharsets.UTF_16BE);
    }

    /** The texts of the parts; one when the body fits a single message. */
    static List<String> split(String body, boolean gsm) {
        int single = gsm ? SmsText.GSM7_SINGLE : SmsText.UCS2_SINGLE;
        int part = gsm ? SmsText.GSM7_PART : SmsText.UCS2_PART;
        if (units(body, gsm) <= single) {
            return List.of(body);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        int used = 0;
        for (int i = 0; i < body.length(); ) {
            char c = body.charAt(i);
            int width = !gsm && Character.isHighSurrogate(c) && i + 1 < body.length() ? 2 : 1;
            int cost = gsm ? Gsm7.septets(c) : width;
            if (used + cost > part) {
                out.add(body.substring(start, i));
                start = i;
                used = 0;
            }
            used += cost;
            i += width;
        }
        out.add(body.substring(start));
        return out;
    }

    private static int units(String body, boolean gsm) {
        if (!gsm) {
            return body.length();
        }
        int n = 0;
        for (int i = 0; i < body.length(); i++) {
            n += Gsm7.septets(body.charAt(i));
        }
        return n;
    }
}
