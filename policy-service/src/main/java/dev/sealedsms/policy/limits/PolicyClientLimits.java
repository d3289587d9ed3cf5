package dev.sealedsms.policy.limits;

import dev.sealedsms.policy.config.ActivePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * {@link ClientLimits} from the policy in force: each client's {@code ratePerSecond} and
 * {@code dailyQuota} in the policy document. Asked on every admission, so a reload that changes a
 * limit applies to the next message; the document's validator has already refused non-positive values.
 */
@ApplicationScoped
public class PolicyClientLimits implements ClientLimits {

    private final ActivePolicy policy;

    PolicyClientLimits(ActivePolicy policy) {
        this.policy = policy;
    }

    @Override
    public Optional<Limit> forClient(String clientId) {
        return Optional.ofNullable(policy.current().limits().get(clientId));
    }
}
