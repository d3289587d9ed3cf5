package dev.sealedsms.policy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.Category;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.config.PolicyConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The "when" rules: quiet hours in defer mode hold marketing until the window ends in the
 * recipient's zone; a scheduled send is judged at the time it will be sent.
 */
class WhenRulesTest {

    private static final String UK = "+447400123123";
    private static final String NEW_YORK = "+12125550123";
    private final Principal web = new Principal("web", "acme", Set.of("ACME"));

    @Test
    void deferModeHoldsMarketingUntilQuietHoursEndInTheRecipientsZone() {
        // 23:00 in London in winter (UTC+0): quiet until 08:00 London = 08:00 UTC the next day.
        PolicyEngine late = engine("defer", "2026-01-15T23:00:00Z");

        Decision d = late.evaluate(marketing(UK, null));

        assertTrue(d.approved());
        assertEquals(Instant.parse("2026-01-16T08:00:00Z"), d.notBefore());
        assertEquals("quiet-hours", d.deferredBy());
    }

    @Test
    void deferModeFollowsDaylightSavingTime() {
        // 22:00 UTC on 15 July is 23:00 in London (UTC+1): quiet until 08:00 BST = 07:00 UTC.
        Decision d = engine("defer", "2026-07-15T22:00:00Z").evaluate(marketing(UK, null));

        assertEquals(Instant.parse("2026-07-16T07:00:00Z"), d.notBefore());
    }

    @Test
    void deferModeUsesTheRecipientsZoneNotTheServers() {
        // 03:00 UTC is 22:00 in New York (UTC-5): quiet until 08:00 New York = 13:00 UTC.
        Decision d = engine("defer", "2026-01-16T03:00:00Z").evaluate(marketing(NEW_YORK, null));

        assertEquals(Instant.parse("2026-01-16T13:00:00Z"), d.notBefore());
    }

    @Test
    void rejectModeStillRejectsAndIsTheDefault() {
        assertEquals(Reason.QUIET_HOURS, engine("reject", "2026-01-15T23:00:00Z").evaluate(marketing(UK, null))
                .reason());
        assertEquals(Reason.QUIET_HOURS, engine(null, "2026-01-15T23:00:00Z").evaluate(marketing(UK, null))
                .reason());
    }

    @Test
    void transactionalAndOtpAreNeverDeferred() {
        PolicyEngine late = engine("defer", "2026-01-15T23:00:00Z");
        for (Category c : new Category[] {Category.TRANSACTIONAL, Category.OTP}) {
            Decision d = late.evaluate(new Submission(web, UK, "ACME", "code 1234", c, null, null, null));
            assertTrue(d.approved());
            assertNull(d.notBefore(), c + " is sent at once");
            assertNull(d.deferredBy());
        }
    }

    @Test
    void outsideQuietHoursMarketingIsSentAtOnce() {
        Decision d = engine("defer", "2026-01-15T12:00:00Z").evaluate(marketing(UK, null));

        assertTrue(d.approved());
        assertNull(d.notBefore());
        assertTrue(d.evaluated().contains("quiet-hours"));
    }

    @Test
    void aScheduledSendIsJudgedAtTheTimeItWillBeSent() {
        // Now is quiet in London, but the send is scheduled for 10:00 tomorrow: fine, held until then.
        Instant tomorrowTen = Instant.parse("2026-01-16T10:00:00Z");
        Decision held = engine("reject", "2026-01-15T23:00:00Z").evaluate(marketing(UK, tomorrowTen));
        assertTrue(held.approved());
        assertEquals(tomorrowTen, held.notBefore());
        assertNull(held.deferredBy(), "held as asked, not deferred");

        // Now is noon, but the send is scheduled for 23:30: rejected (reject mode) or moved to 08:00 (defer).
        Instant lateTonight = Instant.parse("2026-01-15T23:30:00Z");
        assertEquals(Reason.QUIET_HOURS,
                engine("reject", "2026-01-15T12:00:00Z").evaluate(marketing(UK, lateTonight)).reason());
        Decision deferred = engine("defer", "2026-01-15T12:00:00Z").evaluate(marketing(UK, lateTonight));
        assertEquals(Instant.parse("2026-01-16T08:00:00Z"), deferred.notBefore());
        assertEquals("quiet-hours", deferred.deferredBy());
    }

    @Test
    void aSendTimeInThePastMeansNow() {
        Decision d = engine("reject", "2026-01-15T12:00:00Z")
                .evaluate(marketing(UK, Instant.parse("2026-01-15T11:00:00Z")));

        assertTrue(d.approved());
        assertNull(d.notBefore());
    }

    @Test
    void quietHoursEndIsComputedAcrossMidnightAndWithinTheDay() {
        QuietHours overnight = QuietHours.parse("21:00-08:00");
        assertEquals(Instant.parse("2026-01-16T08:00:00Z"),
                overnight.endAfter(Instant.parse("2026-01-15T21:00:00Z"), ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-01-16T08:00:00Z"),
                overnight.endAfter(Instant.parse("2026-01-16T07:59:00Z"), ZoneOffset.UTC));
        assertNull(overnight.endAfter(Instant.parse("2026-01-16T08:00:00Z"), ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-01-15T14:00:00Z"),
                QuietHours.parse("12:00-14:00").endAfter(Instant.parse("2026-01-15T12:30:00Z"), ZoneOffset.UTC));
    }

    @Test
    void anUnknownModeIsABadPolicyNamingTheField() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.sealedsms.policy.config.InvalidPolicyException.class,
                () -> TestPolicies.parse(document("later")));
        assertTrue(e.getMessage().contains("quietHoursMode"), e.getMessage());
    }

    private Submission marketing(String to, Instant sendAt) {
        return new Submission(web, to, "ACME", "sale!", Category.MARKETING, null, null, sendAt);
    }

    private static PolicyEngine engine(String mode, String now) {
        PolicyConfig config = TestPolicies.parse(document(mode)).config();
        return new PolicyEngine(config, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }

    private static String document(String mode) {
        return """
                schemaVersion: 1
                maxSegments: 3
                defaultValidity: PT48H
                tenants:
                  acme:
                    countries: [GB, US]
                    quietHours: "21:00-08:00"
                %s
                clients:
                  web:
                    tenant: acme
                    role: sender
                    apiKeySha256: [%s]
                    senders: [ACME]
                """.formatted(mode == null ? "" : "    quietHoursMode: " + mode, "a".repeat(64));
    }
}
