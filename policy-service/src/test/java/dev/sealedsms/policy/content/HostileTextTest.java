package dev.sealedsms.policy.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.policy.rules.TestPolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 22, point 2: the content rules read folded text (NFKC, every Unicode decimal digit as
 * 0-9, invisibles dropped), know every link scheme, IP literals and shorteners, and refuse bidi
 * controls. {@link #careful} has a link allow-list; {@link #defaults} is the policy a tenant gets
 * when it sets only its countries.
 */
class HostileTextTest {

    private final ContentRules careful = new ContentRules(TestPolicies.acme(10).tenants().get("acme"));
    private final ContentRules defaults = new ContentRules(TestPolicies.tenant(List.of("GB")));

    /** The test card 4111 1111 1111 1111 written in every script whose decimal digits Unicode has. */
    static Stream<String> cardInEveryScript() {
        List<String> bodies = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER && Character.digit(cp, 10) == 0
                    && cp != '0') {
                String four = new String(Character.toChars(cp + 4)), one = new String(Character.toChars(cp + 1));
                String group = one.repeat(4);
                bodies.add("pay with " + four + one.repeat(3) + " " + group + " " + group + " " + group);
            }
        }
        return bodies.stream();
    }

    @ParameterizedTest
    @MethodSource("cardInEveryScript")
    void aCardNumberIsFoundInAnyScriptsDigits(String body) {
        assertEquals(Optional.of(Reason.SENSITIVE_CARD_NUMBER), defaults.check(body));
    }

    @Test
    void everyScriptIsCovered() {
        // Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Thai, ... : Unicode 15 has over 60.
        assertTrue(cardInEveryScript().count() >= 60, "digit scripts: " + cardInEveryScript().count());
    }

    @Test
    void theIssuesArabicIndicCardIsRefused() {
        assertEquals(Optional.of(Reason.SENSITIVE_CARD_NUMBER), defaults.check("card ٤١١١ ١١١١ ١١١١ ١١١١"));
        assertEquals("4111 1111", TextFolding.fold("٤١١١ ۱۱۱۱"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"click javascript:alert(1)", "JavaScript:alert(document.cookie)",
            "ｊａｖａｓｃｒｉｐｔ:alert(1)", "open data:text/html;base64,PHNjcmlwdD4=", "data:,hello",
            "vbscript:msgbox(1)", "intent://scan/#Intent;scheme=zxing;end", "file:///etc/passwd",
            "ftp://files.acme.com/a", "see market://details?id=x", "skype:echo123?call",
            "java\u200Bscript:alert(1)", "wss://acme.com/socket", "itms-services://?action=download-manifest"})
    void otherSchemesThanHttpAreRefusedEvenWithoutAnAllowList(String body) {
        assertEquals(Optional.of(Reason.LINK_SCHEME_NOT_ALLOWED), defaults.check(body), body);
        assertEquals(Optional.of(Reason.LINK_SCHEME_NOT_ALLOWED), careful.check(body), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Note:bring your ID", "Data: 5GB left", "Data:5GB left this month", "Tel:0800 123 4567",
            "Time 10:30, gate:B12", "ratio 3:1", "Ref:ABC-123", "https://acme.com/x"})
    void wordsBeforeAColonAreNotSchemes(String body) {
        assertEquals(Optional.empty(), careful.check(body), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://198.51.100.23/acct", "http://[2001:db8::1]/", "https://3325256727/login",
            "http://0xC6336417/", "http://0xc6.0x33.0x64.0x17/", "http://0306.51.100.23/",
            "https://user@198.51.100.23:8443/x", "visit 198.51.100.23/acct", "log in at 198.51.100.23",
            "see [2001:db8::1]", "http://[::ffff:198.51.100.23]/", "http://１９８.５１.１００.２３/"})
    void linksToIpLiteralsAreRefused(String body) {
        assertEquals(Optional.of(Reason.LINK_IP_LITERAL), defaults.check(body), body);
        assertEquals(Optional.of(Reason.LINK_IP_LITERAL), careful.check(body), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"version 1.2.3 is out", "pay 1.234,50 by 12.03.2026", "call 0800 123 4567",
            "256.1.1.1 is not an address", "score 10-2"})
    void numbersThatAreNotAddressesPass(String body) {
        assertEquals(Optional.empty(), defaults.check(body), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"track it: bit.ly/3xYz", "https://tinyurl.com/abc", "go www.bit.ly/x", "t.co/abc",
            "https://rb.gy/x1"})
    void shortenersAreRefusedByDefaultToo(String body) {
        assertEquals(Optional.of(Reason.LINK_SHORTENER), defaults.check(body), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://\u0430cme.com/login", "log in at p\u0430ypal.com", "https://xn--pypal-4ve.com"})
    void lookalikeDomainsAreRefusedByDefaultToo(String body) {
        assertEquals(Optional.of(Reason.LINK_LOOKALIKE), defaults.check(body), body);
    }

    @Test
    void theDefaultAllowsOrdinaryLinks() {
        assertEquals(Optional.empty(), defaults.check("track at https://parcels.example.com/t/123 or www.acme.co.uk"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"see https://acme.com/\u202Egpj.exe", "pay at \u202Emoc.live\u202C today",
            "\u2066https://evil.io\u2069", "\u202Aembedded\u202C", "\u202Boverride\u202C", "\u2067isolate\u2069",
            "\u2068first strong\u2069"})
    void bidiEmbeddingsOverridesAndIsolatesAreRefused(String body) {
        assertEquals(Optional.of(Reason.BODY_BIDI_CONTROL), defaults.check(body), body);
        assertEquals(Optional.of(Reason.BODY_BIDI_CONTROL), careful.check(body), body);
    }

    @Test
    void bidiMarksInRightToLeftTextAreText() {
        assertEquals(Optional.empty(), defaults.check("\u05E9\u05DC\u05D5\u05DD \u200F123\u200F \u05EA\u05D5\u05D3\u05D4"));
        assertEquals(Optional.empty(), defaults.check("\u0645\u0631\u062D\u0628\u0627 \u061C42"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200B", "\u200B\u200C\u200D\uFEFF", "\uFEFF \u2060 \u00AD", "\u3164\u3164",
            "\u2800", "\u115F\u1160", "\uDB40\uDC20\uDB40\uDC21", "\u00A0\u200B", "\u034F\uFE0F"})
    void invisibleOnlyBodiesAreInvisible(String body) {
        assertTrue(TextFolding.invisibleOnly(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u200B", "\uD83D\uDC4D", "\uD83D\uDC68\u200D\uD83D\uDC69", "\u0645", "."})
    void aVisibleCharacterIsEnough(String body) {
        assertFalse(TextFolding.invisibleOnly(body));
    }
}
