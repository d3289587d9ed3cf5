package dev.sealedsms.policy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.Consent;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.policy.auth.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyEngineTest {

    /** Noon UTC, midday in GB: outside acme's quiet hours, whenever the suite runs (it once failed at 21:30). */
    private final PolicyEngine engine = new PolicyEngine(TestPolicies.acme(2),
            Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC));
    private final Principal web = new Principal("web", "acme", Set.of("ACME"));

    @Test
    void approvesAValidMessageAndReportsCountryEncodingAndSegments() {
        Decision d = engine.evaluate(new Submission(web, "+447400123123", "ACME", "Your code is 1234"));

        assertTrue(d.approved());
        assertEquals("GB", d.country());
        assertEquals("+447400123123", d.e164());
        assertEquals(TextEncoding.GSM7, d.encoding());
        assertEquals(1, d.segments());
        assertEquals(List.of("recipient-e164", "number-type", "recipient-deny-list", "country-allowed",
                "sender-allowed", "template", "body-not-empty", "bidi-controls", "content-deny-list",
                "sensitive-data", "link-allow-list", "quiet-hours", "max-segments", "consent"), d.evaluated());
    }

    @ParameterizedTest
    @ValueSource(strings = {"transactional", "marketing", "otp"})
    void refusesARecipientWhoOptedOutInEveryCategory(String category) {
        RecipientConsent stopped = (tenant, e164) -> "acme".equals(tenant) && "+447400123123".equals(e164)
                ? Consent.OPTED_OUT : null;

        Decision d = engine.evaluate(new Submission(web, "+447400123123", "ACME", "Your code is 1234",
                Category.fromWire(category), null), stopped);

        assertEquals(Reason.RECIPIENT_OPTED_OUT, d.reason());
        assertEquals(422, d.reason().status());
        assertEquals("consent", d.reason().rule());
        assertEquals("consent", d.evaluated().getLast());
    }

    @Test
    void sendsToARecipientWhoOptedInAgainOrNeverChose() {
        Submission s = new Submission(web, "+447400123123", "ACME", "hi");

        assertTrue(engine.evaluate(s, (tenant, e164) -> Consent.OPTED_IN).approved());
        assertTrue(engine.evaluate(s, (tenant, e164) -> null).approved());
    }

    @Test
    void asksForConsentOnlyWhenEveryOtherRuleApproved() {
        RecipientConsent mustNotBeAsked = (tenant, e164) -> {
            throw new AssertionError("consent asked for a message another rule refused");
        };

        Decision d = engine.evaluate(new Submission(web, "+447400123123", "NOTOURS", "hi"), mustNotBeAsked);

        assertEquals(Reason.SENDER_NOT_ALLOWED, d.reason());
        assertFalse(d.evaluated().contains("consent"));
    }

    @Test
    void aConsentThatCannotBeKnownIsNeverTakenAsYes() {
        RecipientConsent vaultDown = (tenant, e164) -> {
            throw new IllegalStateException("vault down");
        };

        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> engine.evaluate(new Submission(web, "+447400123123", "ACME", "hi"), vaultDown));
    }

    @ParameterizedTest
    @ValueSource(strings = {"07700900123", "447400123123", "+44 7700 900123", "+4474001231234567", "+44abc",
            "+0447400123123", "+44740012312"})
    void rejectsRecipientsThatAreNotValidE164(String to) {
        Decision d = engine.evaluate(new Submission(web, to, "ACME", "hi"));

        assertEquals(Reason.RECIPIENT_NOT_E164, d.reason());
        assertEquals(1, d.evaluated().size());
    }

    @Test
    void rejectsACountryTheTenantMayNotSendTo() {
        Decision d = engine.evaluate(new Submission(web, "+33612345678", "ACME", "bonjour"));

        assertEquals(Reason.COUNTRY_NOT_ALLOWED, d.reason());
        assertEquals("FR", d.country());
    }

    @Test
    void rejectsASenderIdTheClientMayNotUse() {
        Decision d = engine.evaluate(new Submission(web, "+447400123123", "BANK", "hi"));

        assertEquals(Reason.SENDER_NOT_ALLOWED, d.reason());
        assertFalse(d.detail().contains("BANK"), "detail must not echo the sender id");
    }

    @Test
    void rejectsAnEmptyOrBlankBody() {
        assertEquals(Reason.BODY_EMPTY, engine.evaluate(new Submission(web, "+447400123123", "ACME", " \n")).reason());
    }

    @Test
    void rejectsABodyOverTheSegmentLimitCountingUcs2() {
        assertNull(engine.evaluate(new Submission(web, "+447400123123", "ACME", "a".repeat(306))).reason());
        assertEquals(Reason.BODY_TOO_LONG,
                engine.evaluate(new Submission(web, "+447400123123", "ACME", "a".repeat(307))).reason());
        // 135 Cyrillic letters need UCS-2: 67 + 67 + 1 = three segments.
        Decision d = engine.evaluate(new Submission(web, "+447400123123", "ACME", "ж".repeat(135)));
        assertEquals(Reason.BODY_TOO_LONG, d.reason());
        assertEquals(TextEncoding.UCS2, d.encoding());
        assertEquals(3, d.segments());
    }

    @Test
    void contentRulesRunAfterTheSenderAndBeforeSegments() {
        Decision d = engine.evaluate(new Submission(web, "+447400123123", "ACME", "Card 4111 1111 1111 1111"));

        assertEquals(Reason.SENSITIVE_CARD_NUMBER, d.reason());
        assertEquals("sensitive-data", d.evaluated().get(d.evaluated().size() - 1));
        assertFalse(d.detail().contains("4111"));
    }

    @Test
    void refusesEveryNumberTypeButMobileByDefaultEachWithItsOwnReason() {
        PolicyEngine defaults = new PolicyEngine(TestPolicies.withTenant(TestPolicies.acme(2), "acme",
                TestPolicies.tenant(List.of("GB", "US"))));
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        Map<PhoneNumberUtil.PhoneNumberType, Reason> expected = new java.util.EnumMap<>(Map.of(
                PhoneNumberUtil.PhoneNumberType.FIXED_LINE, Reason.NUMBER_TYPE_NOT_ALLOWED,
                PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE, Reason.NUMBER_PREMIUM_RATE,
                PhoneNumberUtil.PhoneNumberType.SHARED_COST, Reason.NUMBER_SHARED_COST,
                PhoneNumberUtil.PhoneNumberType.TOLL_FREE, Reason.NUMBER_TOLL_FREE,
                PhoneNumberUtil.PhoneNumberType.UAN, Reason.NUMBER_UAN,
                PhoneNumberUtil.PhoneNumberType.VOICEMAIL, Reason.NUMBER_VOICEMAIL,
                PhoneNumberUtil.PhoneNumberType.PAGER, Reason.NUMBER_PAGER,
                PhoneNumberUtil.PhoneNumberType.VOIP, Reason.NUMBER_VOIP,
                PhoneNumberUtil.PhoneNumberType.PERSONAL_NUMBER, Reason.NUMBER_PERSONAL));
        expected.forEach((type, reason) -> {
            // libphonenumber's own example of the type, from GB when it has one (number-type runs before
            // country-allowed, so the region does not matter).
            String number = java.util.stream.Stream.concat(java.util.stream.Stream.of("GB"),
                    phones.getSupportedRegions().stream().sorted())
                    .map(region -> phones.getExampleNumberForType(region, type)).filter(java.util.Objects::nonNull)
                    .map(n -> phones.format(n, PhoneNumberUtil.PhoneNumberFormat.E164)).findFirst().orElseThrow();
            Decision d = defaults.evaluate(new Submission(web, number, "ACME", "hi"));
            assertEquals(reason, d.reason(), type.name());
            assertEquals("number-type", d.reason().rule());
            assertFalse(d.detail().contains(number.substring(3)), "the detail names no number");
        });
        // The premium-rate numbers, and a London landline.
        assertEquals(Reason.NUMBER_PREMIUM_RATE, defaults.evaluate(new Submission(web, "+449098790123", "ACME", "hi"))
                .reason());
        assertEquals(Reason.NUMBER_PREMIUM_RATE, defaults.evaluate(new Submission(web, "+19005550123", "ACME", "hi"))
                .reason());
        assertEquals(Reason.NUMBER_TYPE_NOT_ALLOWED,
                defaults.evaluate(new Submission(web, "+442079460000", "ACME", "hi")).reason());
        // Mobiles pass, and so do North American numbers libphonenumber cannot tell from landlines.
        assertNull(defaults.evaluate(new Submission(web, "+447400123123", "ACME", "hi")).reason());
        assertEquals(PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE,
                phones.getNumberType(parse(phones, "+12015550123")));
        assertNull(defaults.evaluate(new Submission(web, "+12015550123", "ACME", "hi")).reason());
    }

    @Test
    void aTenantAllowsANumberTypeAndTheReasonTravelsWithTheDecision() {
        PolicyEngine allowing = new PolicyEngine(TestPolicies.parse("""
                schemaVersion: 1
                tenants:
                  acme:
                    countries: [GB]
                    allowNumberTypes: {landline: "desk phones of our B2B customers read texts aloud"}
                clients:
                  web: {tenant: acme, role: sender, apiKeySha256: [%s], senders: [ACME]}
                """.formatted("a".repeat(64))).config());

        Decision landline = allowing.evaluate(new Submission(web, "+442079460000", "ACME", "hi"));
        assertTrue(landline.approved(), String.valueOf(landline.reason()));
        assertEquals(List.of("number-type:landline: desk phones of our B2B customers read texts aloud"),
                landline.allowances());
        // Allowing one type allows no other, and a mobile needs no allowance.
        assertEquals(Reason.NUMBER_PREMIUM_RATE,
                allowing.evaluate(new Submission(web, "+449098790123", "ACME", "hi")).reason());
        assertEquals(List.of(), allowing.evaluate(new Submission(web, "+447400123123", "ACME", "hi")).allowances());
        // The older spelling still works, and says so in the allowance.
        PolicyEngine legacy = new PolicyEngine(TestPolicies.parse("""
                schemaVersion: 1
                tenants:
                  acme: {countries: [GB], rejectLandlines: false}
                clients:
                  web: {tenant: acme, role: sender, apiKeySha256: [%s], senders: [ACME]}
                """.formatted("a".repeat(64))).config());
        assertEquals(List.of("number-type:landline: rejectLandlines: false"),
                legacy.evaluate(new Submission(web, "+442079460000", "ACME", "hi")).allowances());
    }

    private static com.google.i18n.phonenumbers.Phonenumber.PhoneNumber parse(PhoneNumberUtil phones, String n) {
        try {
            return phones.parse(n, null);
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void invisibleOnlyBodiesAreRefusedWithTheirOwnReason() {
        Decision d = engine.evaluate(new Submission(web, "+447400123123", "ACME", "\u200B\u200C\uFEFF\u2060"));
        assertEquals(Reason.BODY_INVISIBLE, d.reason());
        assertEquals("body-not-empty", d.evaluated().get(d.evaluated().size() - 1));
        assertEquals(Reason.BODY_EMPTY, engine.evaluate(new Submission(web, "+447400123123", "ACME", " \t")).reason());
    }

    @Test
    void aRuleSwitchedOffIsNeitherEvaluatedNorFires() {
        PolicyEngine relaxed = new PolicyEngine(TestPolicies.parse("""
                schemaVersion: 1
                tenants:
                  acme:
                    countries: [GB]
                    rejectLandlines: true
                    detectors: [card]
                    quietHours: "00:00-23:59"
                    rules: {number-type: false, sensitive-data: false, quiet-hours: false, country-allowed: false}
                clients:
                  web: {tenant: acme, role: sender, apiKeySha256: [%s], senders: [ACME]}
                """.formatted("a".repeat(64))).config());

        Decision d = relaxed.evaluate(new Submission(web, "+33142685300", "ACME", "card 4111 1111 1111 1111",
                Category.MARKETING, null));

        assertTrue(d.approved(), String.valueOf(d.reason()));
        assertEquals(List.of("recipient-e164", "sender-allowed", "template", "body-not-empty", "bidi-controls",
                "link-allow-list", "max-segments", "consent"), d.evaluated());
    }

    @Test
    void aRuleWithoutParametersIsOffByDefaultAndAlwaysOnRulesRun() {
        PolicyEngine plain = new PolicyEngine(TestPolicies.withTenant(TestPolicies.acme(2), "acme",
                TestPolicies.tenant(List.of("GB"))));

        Decision d = plain.evaluate(new Submission(web, "+447400123123", "ACME", "hi"));

        assertEquals(List.of("recipient-e164", "number-type", "country-allowed", "sender-allowed", "template",
                "body-not-empty", "bidi-controls", "sensitive-data", "link-allow-list", "max-segments", "consent"),
                d.evaluated());
    }

    @Test
    void refusesARecipientOnTheTenantsDenyList() {
        assertEquals(Reason.RECIPIENT_DENIED,
                engine.evaluate(new Submission(web, "+447400999999", "ACME", "hi")).reason());
    }

    @Test
    void holdsMarketingToQuietHoursInTheRecipientsTimeZoneAndExemptsOtp() {
        // 22:30 in London is quiet; 22:30 UTC is 17:30 in New York, which is not.
        Clock lateUtc = Clock.fixed(Instant.parse("2026-01-15T22:30:00Z"), ZoneOffset.UTC);
        PolicyEngine late = new PolicyEngine(TestPolicies.acme(2), lateUtc);

        assertEquals(Reason.QUIET_HOURS, late.evaluate(new Submission(web, "+447400123123", "ACME", "sale!",
                Category.MARKETING, null)).reason());
        assertNull(late.evaluate(new Submission(web, "+447400123123", "ACME", "code 1234", Category.OTP, null))
                .reason());
        assertNull(late.evaluate(new Submission(web, "+447400123123", "ACME", "order shipped",
                Category.TRANSACTIONAL, null)).reason());
        assertNull(late.evaluate(new Submission(web, "+12125550123", "ACME", "sale!", Category.MARKETING, null))
                .reason(), "17:30 in New York");
        Clock noonUtc = Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);
        assertNull(new PolicyEngine(TestPolicies.acme(2), noonUtc).evaluate(new Submission(web, "+447400123123",
                "ACME", "sale!", Category.MARKETING, null)).reason());
    }

    @Test
    void quietHoursSpanMidnight() {
        QuietHours q = QuietHours.parse("21:00-08:00");

        assertTrue(q.contains(LocalTime.of(23, 0)));
        assertTrue(q.contains(LocalTime.of(7, 59)));
        assertFalse(q.contains(LocalTime.of(8, 0)));
        assertFalse(q.contains(LocalTime.of(12, 0)));
        assertTrue(QuietHours.parse("12:00-13:00").contains(LocalTime.of(12, 30)));
    }

    @Test
    void detailNeverQuotesTheNumberOrBody() {
        String canary = "+33612345678";
        Decision d = engine.evaluate(new Submission(web, canary, "ACME", "secret-canary"));

        assertFalse(d.detail().contains("612345678"));
        assertFalse(d.detail().contains("secret-canary"));
    }
}
