package dev.sealedsms.dispatch.smpp;

import dev.sealedsms.codec.Gsm7;
import dev.sealedsms.events.TextEncoding;
import java.nio.charset.StandardCharsets;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataCodings;

/**
 * A body as SMPP carries it: GSM 03.38 unpacked septets ({@code data_coding} 0) when every
 * character has a code, otherwise UCS-2 ({@code data_coding} 8).
 */
record SmppText(TextEncoding encoding, DataCoding dataCoding, byte[] octets) {

    private static final DataCoding UCS2 = DataCodings.newInstance((byte) 0x08);

    /** Most octets {@code short_message} holds; longer bodies travel in {@code message_payload}. */
    static final int SHORT_MESSAGE_MAX = 254;

    static SmppText of(String body) {
        if (Gsm7.canEncode(body)) {
            return new SmppText(TextEncoding.GSM7, DataCodings.ZERO, Gsm7.encode(body));
        }
        return new SmppText(TextEncoding.UCS2, UCS2, body.getBytes(StandardCharsets.UTF_16BE));
    }

    boolean fitsShortMessage() {
        return octets.length <= SHORT_MESSAGE_MAX;
    }
}
