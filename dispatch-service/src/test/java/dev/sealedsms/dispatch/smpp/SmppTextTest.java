package dev.sealedsms.dispatch.smpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.codec.Gsm7;
import dev.sealedsms.codec.SmsText;
import dev.sealedsms.events.TextEncoding;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.api.Test;

class SmppTextTest {

    @Test
    void gsmExtensionCharactersStayGsm7AndCostTwoSeptets() {
        String body = "€ [ ] { } ~ ^ | \\";

        SmppText t = SmppText.of(body, false);

        assertEquals(TextEncoding.GSM7, t.encoding());
        assertEquals(1, t.segments());
        assertEquals(body, Gsm7.decode(t.parts().get(0).shortMessage()));
        assertEquals(body.length() + 9, t.parts().get(0).shortMessage().length, "nine escape pairs");
    }

    @Test
    void a161SeptetGsmBodyGoesInTwoPartsJoinedByAUdh() {
        String body = "x".repeat(150) + "€€€€€€"; // 150 + 12 septets

        SmppText t = SmppText.of(body, false);

        assertEquals(2, t.segments());
        assertEquals(SmsText.analyse(body).segments(), t.segments(), "the same count crypto-service reports");
        SmppText.Part first = t.parts().get(0);
        assertTrue(first.udhi());
        assertEquals(0x05, first.shortMessage()[0]);
        assertEquals(0x00, first.shortMessage()[1], "IEI concatenation, 8-bit reference");
        assertEquals(2, first.shortMessage()[4]);
        assertEquals(1, first.shortMessage()[5]);
        assertEquals(first.shortMessage()[3], t.parts().get(1).shortMessage()[3], "one reference for all parts");
        assertEquals(body, decodeGsm(t));
        for (SmppText.Part p : t.parts()) {
            assertTrue(p.shortMessage().length - 6 <= SmsText.GSM7_PART);
            byte[] text = Arrays.copyOfRange(p.shortMessage(), 6, p.shortMessage().length);
            assertFalse(text[text.length - 1] == Gsm7.ESCAPE, "an escape pair is never split");
        }
    }

    @Test
    void greekArabicAndEmojiGoAsUcs2AndSurrogatePairsAreNeverSplit() {
        String body = "Καλημέρα κόσμε مرحبا بالعالم " + "😀".repeat(40); // 29 + 80 UTF-16 units

        SmppText t = SmppText.of(body, false);

        assertEquals(TextEncoding.UCS2, t.encoding());
        assertEquals(2, t.segments());
        assertEquals(SmsText.analyse(body).segments(), t.segments());
        StringBuilder joined = new StringBuilder();
        for (SmppText.Part p : t.parts()) {
            String part = new String(p.shortMessage(), 6, p.shortMessage().length - 6, StandardCharsets.UTF_16BE);
            assertFalse(Character.isHighSurrogate(part.charAt(part.length() - 1)), "no half emoji at a part's end");
            assertTrue(part.length() <= SmsText.UCS2_PART);
            joined.append(part);
        }
        assertEquals(body, joined.toString());
    }

    @Test
    void sarOptionCarriesTheJoinInTlvsAndLeavesTheTextBare() {
        String body = "y".repeat(200);

        SmppText t = SmppText.of(body, true);

        assertEquals(2, t.segments());
        SmppText.Part second = t.parts().get(1);
        assertFalse(second.udhi());
        assertEquals(3, second.tlvs().length);
        assertEquals(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM.code(), second.tlvs()[2].tag);
        assertArrayEquals(Gsm7.encode("y".repeat(47)), second.shortMessage());
    }

    @Test
    void aShortBodyIsOnePartWithoutHeader() {
        SmppText t = SmppText.of("Hello", false);

        assertEquals(1, t.segments());
        assertFalse(t.parts().get(0).udhi());
        assertEquals(0, t.parts().get(0).tlvs().length);
    }

    private static String decodeGsm(SmppText t) {
        StringBuilder sb = new StringBuilder();
        for (SmppText.Part p : t.parts()) {
            sb.append(Gsm7.decode(Arrays.copyOfRange(p.shortMessage(), 6, p.shortMessage().length)));
        }
        return sb.toString();
    }
}
