package dev.sealedsms.policy.status;

import dev.sealedsms.policy.api.Problem;
import dev.sealedsms.policy.api.ProblemException;
import dev.sealedsms.policy.auth.ApiKeyAuthenticator;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.rules.Reason;

/** Authentication of every API endpoint: the caller behind the API key, or 401 with the same problem everywhere. */
public final class Callers {

    private Callers() {
    }

    /** The caller behind {@code Authorization}, or 401 UNAUTHENTICATED. */
    public static Principal authenticate(ApiKeyAuthenticator authenticator, String authorization) {
        return authenticator.authenticate(authorization)
                .orElseThrow(() -> new ProblemException(Problem.of(Reason.UNAUTHENTICATED,
                        "send 'Authorization: Bearer <api key>'", null)));
    }
}
