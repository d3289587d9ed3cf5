package dev.sealedsms.policy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.config.InvalidPolicyException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and checking policy documents: every error names the file, the line and the field. */
class PolicyDocumentsTest {

    private static final String HASH = "a".repeat(64);

    @Test
    void readsTheTestPolicyAndVersionsItByContent() throws IOException {
        Path file = Path.of("src/test/resources/policy-test.yaml");

        PolicyDocuments.Parsed parsed = PolicyDocuments.read(file);

        assertEquals(PolicyVersion.of(Files.readAllBytes(file)), parsed.version());
        assertTrue(parsed.version().matches("p-[0-9a-f]{16}"), parsed.version());
        assertEquals(PolicyConfig.Role.ADMIN, parsed.config().clients().get("acme-admin").role());
        assertEquals(List.of(PolicyConfig.Detector.CARD, PolicyConfig.Detector.IBAN),
                parsed.config().tenants().get("acme").detectors(), "the default detectors");
        assertEquals(10, parsed.config().maxSegments());
    }

    @Test
    void everyKeyOfAClientAuthenticatesItAndItMayUseItsTenantsSenders() {
        LoadedPolicy p = LoadedPolicy.of(parse("""
                schemaVersion: 1
                tenants:
                  acme: {countries: [GB], senders: [ACMEINFO]}
                clients:
                  web:
                    tenant: acme
                    role: sender
                    apiKeySha256: [%s, %s]
                    senders: [ACME]
                """.formatted(HASH, "b".repeat(64))));

        Principal old = p.byKeyHash().get(HASH);
        assertEquals(old, p.byKeyHash().get("b".repeat(64)));
        assertEquals("web", old.clientId());
        assertEquals(Set.of("ACME", "ACMEINFO"), old.senders());
        assertTrue(old.maySend());
    }

    @Test
    void aCommentIsANewVersion() {
        String doc = minimal("sender");
        assertFalse(parse(doc).version().equals(parse(doc + "# reviewed\n").version()));
    }

    @Test
    void namesEverySemanticProblemWithItsLineAndField() {
        String doc = """
                schemaVersion: 1
                maxSegments: 0
                tenants:
                  Acme:
                    countries: [GB, XX]
                    denyPatterns: ["([unclosed"]
                    linkDomains: [Not A Domain]
                    denyNumbers: ["07400999999"]
                    quietHours: 9pm-8am
                clients:
                  web:
                    tenant: nobody
                    role: sender
                    apiKeySha256: [not-a-hash]
                    senders: [ACME, WAY-TOO-LONG-SENDER]
                """;

        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> parse(doc));

        assertEquals("test.yaml", e.file());
        assertProblem(e, 2, "maxSegments", "at least 1");
        assertProblem(e, 4, "tenants.Acme", "lower-case");
        assertProblem(e, 5, "tenants.Acme.countries[1]", "'XX'");
        assertProblem(e, 6, "tenants.Acme.denyPatterns[0]", "regular expression");
        assertProblem(e, 7, "tenants.Acme.linkDomains[0]", "domain");
        assertProblem(e, 8, "tenants.Acme.denyNumbers[0]", "E.164");
        assertProblem(e, 9, "tenants.Acme.quietHours", "HH:mm");
        assertProblem(e, 12, "clients.web.tenant", "unknown tenant 'nobody'");
        assertProblem(e, 14, "clients.web.apiKeySha256[0]", "64 lower-case hex");
        assertProblem(e, 15, "clients.web.senders[1]", "sender id");
        assertEquals(10, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("test.yaml:12:"), e.getMessage());
        assertFalse(e.getMessage().contains("07400999999"), "a deny-listed number is never quoted");
    }

    @Test
    void clientLimitsMustBePositiveAndAreNamedWithTheirLine() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> parse(minimal("sender")
                + "    ratePerSecond: 0\n    dailyQuota: -5\n"));

        assertProblem(e, 10, "clients.web.ratePerSecond", "positive");
        assertProblem(e, 11, "clients.web.dailyQuota", "positive");
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void clientLimitsAreOptionalAndReadFromTheClient() {
        PolicyConfig.Client web = parse(minimal("sender") + "    ratePerSecond: 2.5\n    dailyQuota: 100\n")
                .config().clients().get("web");

        assertEquals(2.5, web.ratePerSecond());
        assertEquals(100L, web.dailyQuota());
        assertEquals(null, parse(minimal("sender")).config().clients().get("web").ratePerSecond());
    }

    @Test
    void ruleSwitchesAreCheckedWithTheirLine() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> parse("""
                schemaVersion: 1
                tenants:
                  acme:
                    countries: [GB]
                    rules:
                      recipient-e164: false
                      sender-allowed: false
                      quiet-hours: true
                      quietHours: false
                      rate-limit: false
                      country-allowed: false
                      consent: false
                """));

        assertProblem(e, 6, "tenants.acme.rules.recipient-e164", "cannot be turned off");
        assertProblem(e, 12, "tenants.acme.rules.consent", "cannot be turned off");
        assertProblem(e, 7, "tenants.acme.rules.sender-allowed", "cannot be turned off");
        assertProblem(e, 8, "tenants.acme.rules.quiet-hours", "parameters are missing (quietHours)");
        assertProblem(e, 9, "tenants.acme.rules.quietHours", "unknown rule");
        assertProblem(e, 10, "tenants.acme.rules.rate-limit", "per client");
        assertEquals(6, e.problems().size(), e.getMessage());
    }

    @Test
    void templatesAreCheckedAtLoadWithTheirLine() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> parse("""
                schemaVersion: 1
                tenants:
                  acme:
                    countries: [GB]
                    templates:
                      otp: "Your code is {code:number}"
                      late: "Ships on {date:date"
                      ok: "Hello {name:text(1,20)}"
                  globex:
                    countries: [FR]
                clients:
                  web:
                    tenant: globex
                    role: sender
                    apiKeySha256: [%s]
                    templatesOnly: true
                """.formatted(HASH)));

        assertProblem(e, 6, "tenants.acme.templates.otp", "unknown type 'number'");
        assertProblem(e, 7, "tenants.acme.templates.late", "unclosed '{'");
        assertProblem(e, 16, "clients.web.templatesOnly", "no templates");
        assertEquals(3, e.problems().size(), e.getMessage());
    }

    @Test
    void aMissingRequiredFieldIsReportedAtItsParent() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> parse("""
                schemaVersion: 1
                tenants:
                  acme: {countries: [GB]}
                clients:
                  web:
                    tenant: acme
                    senders: [ACME]
                """));

        assertProblem(e, 5, "clients.web.role", "sender, admin or auditor");
        assertProblem(e, 5, "clients.web.apiKeySha256", "at least one");
    }

    @Test
    void anUnknownFieldIsNamedWithItsLine() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> parse("""
                schemaVersion: 1
                tenants:
                  acme:
                    countries: [GB]
                    quietHour: "21:00-08:00"
                """));

        assertProblem(e, 5, "tenants.acme.quietHour", "unknown field 'quietHour'");
        assertTrue(e.problems().get(0).message().contains("quietHours"), "lists the known fields");
    }

    @Test
    void aWrongTypeOrAnUnknownRoleIsNamedWithoutItsValue() {
        InvalidPolicyException type = assertThrows(InvalidPolicyException.class, () -> parse("""
                schemaVersion: 1
                tenants:
                  acme:
                    countries: GB-and-secret-canary
                """));
        assertProblem(type, 4, "tenants.acme.countries", "a list");
        assertFalse(type.getMessage().contains("canary"), type.getMessage());

        InvalidPolicyException role = assertThrows(InvalidPolicyException.class,
                () -> parse(minimal("superuser-canary")));
        assertProblem(role, 7, "clients.web.role", "sender, admin, auditor");
        assertFalse(role.getMessage().contains("canary"), role.getMessage());
    }

    @Test
    void badYamlAndDuplicateKeysAreRefusedWithTheirLineAndNoQuote() {
        InvalidPolicyException syntax = assertThrows(InvalidPolicyException.class, () -> parse("""
                schemaVersion: 1
                tenants:
                  acme:
                    countries: [GB
                clients: {web: canary-%s}
                """.formatted(HASH)));
        assertTrue(syntax.problems().get(0).message().startsWith("is not valid YAML"), syntax.getMessage());
        assertTrue(syntax.problems().get(0).line() >= 4, syntax.getMessage());
        assertFalse(syntax.getMessage().contains(HASH), syntax.getMessage());
        assertFalse(syntax.getMessage().contains("canary"), syntax.getMessage());

        InvalidPolicyException twice = assertThrows(InvalidPolicyException.class, () -> parse("""
                schemaVersion: 1
                tenants:
                  acme: {countries: [GB]}
                  acme: {countries: [FR]}
                """));
        assertEquals(4, twice.problems().get(0).line(), twice.getMessage());
        assertTrue(twice.problems().get(0).message().contains("twice"), twice.getMessage());
    }

    @Test
    void anEmptyOrMissingDocumentIsRefused(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing\n");
        assertTrue(assertThrows(InvalidPolicyException.class, () -> PolicyDocuments.read(empty)).getMessage()
                .contains("empty.yaml"));
        InvalidPolicyException missing = assertThrows(InvalidPolicyException.class,
                () -> PolicyDocuments.read(dir.resolve("missing.yaml")));
        assertTrue(missing.getMessage().contains("missing.yaml: <document>: cannot be read"), missing.getMessage());
    }

    @Test
    void aSchemaVersionIsRequired() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
                () -> parse(minimal("sender").replace("schemaVersion: 1", "schemaVersion: 2")));
        assertProblem(e, 1, "schemaVersion", "must be 1");
    }

    static String minimal(String role) {
        return """
                schemaVersion: 1
                tenants:
                  acme: {countries: [GB]}
                clients:
                  web:
                    tenant: acme
                    role: %s
                    apiKeySha256: [%s]
                    senders: [ACME]
                """.formatted(role, HASH);
    }

    private static PolicyDocuments.Parsed parse(String yaml) {
        return PolicyDocuments.parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertProblem(InvalidPolicyException e, int line, String field, String says) {
        for (Problem p : e.problems()) {
            if (p.field().equals(field)) {
                assertEquals(line, p.line(), field + " in\n" + e.getMessage());
                assertTrue(p.message().contains(says), p.message());
                return;
            }
        }
        throw new AssertionError("no problem for " + field + " in\n" + e.getMessage());
    }
}
