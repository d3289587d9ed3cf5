package dev.sealedsms.policy.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.policy.rules.TestPolicies;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ContentRulesTest {

    private final ContentRules acme = new ContentRules(TestPolicies.acme(10).tenants().get("acme"));

    private Optional<Reason> check(String body) {
        return acme.check(body);
    }

    @Test
    void plainTextPasses() {
        assertEquals(Optional.empty(), check("Your parcel arrives tomorrow between 9 and 12. Ref 12345678."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Get FREE MONEY now", "get free\u200B money", "get ｆｒｅｅ ｍｏｎｅｙ",
            "get fr\u0435\u0435 m\u043enеy", "WIN a big PRIZE"})
    void denyListCatchesCaseWidthInvisiblesAndHomoglyphs(String body) {
        assertEquals(Optional.of(Reason.CONTENT_DENIED), check(body));
    }

    @Test
    void denyListMatchesWholeWordsOnly() {
        assertEquals(Optional.empty(), check("free moneyboxes for savers"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"card 4111111111111111", "card 4111 1111 1111 1111", "card 4111-1111-1111-1111",
            "card ４１１１ １１１１ １１１１ １１１１", "card 4111\u200B1111\u200C1111\u2060 1111",
            "amex 378282246310005"})
    void cardNumbersAreFoundThroughSeparatorsFullWidthAndZeroWidth(String body) {
        assertEquals(Optional.of(Reason.SENSITIVE_CARD_NUMBER), check(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"order 4111 1111 1111 1112", "tracking 1234567890123", "call 0800 123 4567"})
    void digitRunsThatFailLuhnAreNotCards(String body) {
        assertEquals(Optional.empty(), check(body));
    }

    @Test
    void ibansAreCheckedWithMod97() {
        assertEquals(Optional.of(Reason.SENSITIVE_IBAN), check("pay to GB82 WEST 1234 5698 7654 32 today"));
        assertEquals(Optional.of(Reason.SENSITIVE_IBAN), check("IBAN de89370400440532013000"));
        assertEquals(Optional.empty(), check("pay to GB82 WEST 1234 5698 7654 33 today"));
    }

    @Test
    void emailAddressesAreDetectedWhenConfigured() {
        assertEquals(Optional.of(Reason.SENSITIVE_EMAIL), check("write to jane.doe@example.org"));
        ContentRules defaults = new ContentRules(TestPolicies.tenant(java.util.List.of("GB")));
        assertEquals(Optional.empty(), defaults.check("write to jane.doe@example.org"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://acme.com/x", "see acme.com", "www.acme.com/track", "https://shop.acme.com"})
    void linksToAllowedDomainsPass(String body) {
        assertEquals(Optional.empty(), check(body));
    }

    @Test
    void linksElsewhereAreRefused() {
        assertEquals(Optional.of(Reason.LINK_NOT_ALLOWED), check("go to https://evil.example/login"));
        assertEquals(Optional.of(Reason.LINK_NOT_ALLOWED), check("go to acme.com.evil.io"));
        assertEquals(Optional.of(Reason.LINK_NOT_ALLOWED), check("go to notacme.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://\u0430cme.com/login", "log in at acm\u0435.com", "https://xn--cme-8cd.com",
            "see ａcmе.com"})
    void lookalikeDomainsAreCaughtNotFoldedIntoTheRealOne(String body) {
        assertEquals(Optional.of(Reason.LINK_LOOKALIKE), check(body));
    }

    @Test
    void shortenersAreRefused() {
        assertEquals(Optional.of(Reason.LINK_SHORTENER), check("track it: bit.ly/3xYz"));
        assertEquals(Optional.of(Reason.LINK_SHORTENER), check("track it: https://tinyurl.com/abc"));
    }

    @Test
    void abbreviationsAndNonLatinSentencesAreNotLinks() {
        assertEquals(Optional.empty(), check("Bring ID, e.g. a passport. Mr.Smith will meet you."));
        assertEquals(Optional.empty(), check("Ευχαριστούμε.Καλή σας μέρα"));
    }

    @Test
    void foldingHandlesWidthCaseAndInvisibles() {
        assertEquals("free 12", TextFolding.fold("ＦＲ\u200BＥＥ １２"));
        assertTrue(TextFolding.hasLookalikes(TextFolding.normalize("\u0430cme")));
        assertFalse(TextFolding.hasLookalikes(TextFolding.normalize("acme")));
    }
}
