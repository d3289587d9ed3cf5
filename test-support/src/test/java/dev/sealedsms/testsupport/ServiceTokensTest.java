package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ServiceTokensTest {

    @Test
    void toStringNeverShowsATokenSoLogsCannotLeakIt() {
        ServiceTokens tokens = new ServiceTokens("s.crypto-secret", "s.dispatch-secret", "s.policy-secret");

        String shown = tokens.toString();

        assertFalse(shown.contains("crypto-secret"), shown);
        assertFalse(shown.contains("dispatch-secret"), shown);
        assertFalse(shown.contains("policy-secret"), shown);
    }

    @Test
    void blankTokensAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ServiceTokens("", "s.x", "s.y"));
        assertThrows(IllegalArgumentException.class, () -> new ServiceTokens("s.x", "s.y", " "));
        assertThrows(NullPointerException.class, () -> new ServiceTokens("s.x", null, "s.y"));
        assertThrows(NullPointerException.class, () -> new ServiceTokens("s.x", "s.y", null));
    }
}
