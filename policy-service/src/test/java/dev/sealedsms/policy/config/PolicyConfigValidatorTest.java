package dev.sealedsms.policy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.policy.rules.TestPolicies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyConfigValidatorTest {

    @Test
    void acceptsASoundPolicy() {
        assertEquals(List.of(), PolicyConfigValidator.validate(TestPolicies.acme(10)));
    }

    @Test
    void namesEverySettingThatIsWrong() {
        TestPolicies.Policy bad = new TestPolicies.Policy(
                Map.of("web", new TestPolicies.Client("nobody", "not-a-hash", List.of("ACME", "WAY-TOO-LONG-SENDER"))),
                Map.of("Acme", new TestPolicies.Tenant(List.of("GB", "XX"), Optional.empty(),
                        Optional.of(List.of("([unclosed")), List.of(), Optional.of(List.of("Not A Domain")), false,
                        Optional.of(List.of("07400999999")), Optional.of("9pm-8am"))),
                0, Duration.ofHours(1));

        List<String> problems = PolicyConfigValidator.validate(bad);

        assertEquals(10, problems.size(), String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("sealed.policy.tenants.Acme.quiet-hours:")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("sealed.policy.tenants.Acme.deny-numbers:")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("sealed.policy.tenants.Acme.deny-patterns:")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("sealed.policy.tenants.Acme.link-domains:")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("sealed.policy.clients.web.tenant:")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("sealed.policy.clients.web.api-key-sha256:")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("sealed.policy.clients.web.senders:")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("sealed.policy.tenants.Acme:")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("'XX'")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("sealed.policy.max-segments:")));
    }
}
