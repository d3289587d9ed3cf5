package dev.sealedsms.policy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.Category;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.templates.TemplateValues;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The template rule: clients restricted to templates, unknown templates, bad values, and rules on the rendered text. */
class TemplateRulesTest {

    private final PolicyEngine engine = new PolicyEngine(TestPolicies.parse("""
            schemaVersion: 1
            tenants:
              acme:
                countries: [GB]
                denyWords: [free money]
                templates:
                  otp: "Your code is {code:digits(4,8)}"
                  hello: "Hello {name:text(1,40)}"
            clients:
              web: {tenant: acme, role: sender, apiKeySha256: [%s], senders: [ACME]}
              otp: {tenant: acme, role: sender, apiKeySha256: [%s], senders: [ACME], templatesOnly: true}
            """.formatted("a".repeat(64), "b".repeat(64))).config());
    private final Principal web = new Principal("web", "acme", Set.of("ACME"));
    private final Principal otp = new Principal("otp", "acme", Set.of("ACME"));

    @Test
    void aClientRestrictedToTemplatesCannotSendFreeText() {
        Decision d = engine.evaluate(new Submission(otp, "+447400123123", "ACME", "Your code is 1234"));

        assertEquals(Reason.TEMPLATE_REQUIRED, d.reason());
        assertEquals("template", d.evaluated().get(d.evaluated().size() - 1));
    }

    @Test
    void anUnrestrictedClientMaySendFreeTextOrATemplate() {
        assertTrue(engine.evaluate(new Submission(web, "+447400123123", "ACME", "Hi")).approved());
        Decision d = engine.evaluate(template(web, "otp", Map.of("code", "1234")));
        assertTrue(d.approved(), String.valueOf(d.reason()));
        assertEquals("Your code is 1234", d.body());
    }

    @Test
    void aRestrictedClientSendsItsTenantsTemplateRendered() {
        Decision d = engine.evaluate(template(otp, "otp", Map.of("code", "00424242")));

        assertTrue(d.approved(), String.valueOf(d.reason()));
        assertEquals("Your code is 00424242", d.body());
        assertTrue(d.evaluated().contains("template"));
        assertEquals(1, d.segments());
    }

    @Test
    void anUnknownTemplateIsRefused() {
        Decision d = engine.evaluate(template(otp, "otp-v2", Map.of("code", "1234")));

        assertEquals(Reason.TEMPLATE_UNKNOWN, d.reason());
        assertNull(d.body());
    }

    @Test
    void aValueThatDoesNotFitIsRefusedNamingThePlaceholderNotTheValue() {
        Decision d = engine.evaluate(template(otp, "otp", Map.of("code", "98765432109")));

        assertEquals(Reason.TEMPLATE_VALUE_INVALID, d.reason());
        assertTrue(d.detail().contains("'code'"), d.detail());
        assertFalse(d.detail().contains("98765432109"), d.detail());
    }

    @Test
    void everyContentRuleStillRunsOnTheRenderedText() {
        Decision denied = engine.evaluate(template(web, "hello", Map.of("name", "FREE MONEY")));
        assertEquals(Reason.CONTENT_DENIED, denied.reason());

        Decision card = engine.evaluate(template(web, "hello", Map.of("name", "4111 1111 1111 1111")));
        assertEquals(Reason.SENSITIVE_CARD_NUMBER, card.reason());
    }

    private static Submission template(Principal p, String name, Map<String, String> values) {
        return new Submission(p, "+447400123123", "ACME", null, Category.OTP, null, new TemplateValues(name, values));
    }
}
