package dev.sealedsms.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.TextEncoding;
import org.junit.jupiter.api.Test;

class SmsTextTest {

    @Test
    void plainLatinIsGsm7InOneSegmentUpTo160() {
        SmsText.Analysis a = SmsText.analyse("a".repeat(160));

        assertEquals(TextEncoding.GSM7, a.encoding());
        assertEquals(1, a.segments());
        assertEquals(2, SmsText.analyse("a".repeat(161)).segments());
        assertEquals(2, SmsText.analyse("a".repeat(306)).segments());
        assertEquals(3, SmsText.analyse("a".repeat(307)).segments());
    }

    @Test
    void extensionCharactersCostTwoSeptetsAndStayGsm7() {
        String ext = "€[]{}~^|\\";

        SmsText.Analysis a = SmsText.analyse(ext);

        assertEquals(TextEncoding.GSM7, a.encoding());
        assertEquals(18, a.units());
        // 80 euro signs are 160 septets: one segment; 81 are 162: two.
        assertEquals(1, SmsText.analyse("€".repeat(80)).segments());
        assertEquals(2, SmsText.analyse("€".repeat(81)).segments());
    }

    @Test
    void escapePairIsNeverSplitAcrossParts() {
        // 152 plain septets then a euro: 154 would not fit the first part of 153, so it moves whole.
        String body = "a".repeat(152) + "€" + "a".repeat(10);

        assertEquals(2, SmsText.analyse(body).segments());
    }

    @Test
    void greekCapitalsInTheGsmTableStayGsm7ButEmojiAndArabicNeedUcs2() {
        assertEquals(TextEncoding.GSM7, SmsText.analyse("ΔΦΓΛΩ").encoding());
        assertEquals(TextEncoding.UCS2, SmsText.analyse("Καλημέρα").encoding());
        assertEquals(TextEncoding.UCS2, SmsText.analyse("مرحبا").encoding());
        SmsText.Analysis emoji = SmsText.analyse("hi 😀");
        assertEquals(TextEncoding.UCS2, emoji.encoding());
        assertEquals(5, emoji.units());
    }

    @Test
    void ucs2SegmentsAt70And67AndKeepSurrogatePairsWhole() {
        assertEquals(1, SmsText.analyse("ж".repeat(70)).segments());
        assertEquals(2, SmsText.analyse("ж".repeat(71)).segments());
        // 134 units would be exactly two parts, but the emoji would straddle the 67-unit boundary:
        // it moves whole to the second part, and the last character spills into a third.
        assertEquals(3, SmsText.analyse("ж".repeat(66) + "😀" + "ж".repeat(66)).segments());
    }

    @Test
    void gsm7RoundTripsIncludingExtensionTable() {
        String text = "Hello @£$ € [x] {y} ~^|\\ ÄÖÑÜ§¿";

        byte[] septets = Gsm7.encode(text);

        assertEquals(text, Gsm7.decode(septets));
        assertEquals(0x00, septets[6]); // '@' is septet 0
        assertArrayEquals(new byte[] {0x1B, 0x65}, Gsm7.encode("€"));
    }

    @Test
    void encodeRefusesCharactersOutsideTheAlphabetWithoutQuotingThem() {
        assertFalse(Gsm7.canEncode("ж"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gsm7.encode("okж"));
        assertTrue(e.getMessage().contains("index 2"));
        assertFalse(e.getMessage().contains("ж"));
    }
}
