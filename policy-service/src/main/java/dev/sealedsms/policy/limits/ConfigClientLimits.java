package dev.sealedsms.policy.limits;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ClientLimits} from {@code sealed.limits.clients.<id>.rate-per-second} and
 * {@code .daily-quota}. A non-positive value stops start-up naming the setting.
 */
@ApplicationScoped
public class ConfigClientLimits implements ClientLimits {

    private final Map<String, Limit> byClient = new HashMap<>();

    ConfigClientLimits(LimitsConfig config) {
        List<String> errors = new java.util.ArrayList<>();
        config.clients().forEach((id, c) -> {
            c.ratePerSecond().filter(r -> !(r > 0) || r.isInfinite()).ifPresent(
                    r -> errors.add("sealed.limits.clients." + id + ".rate-per-second must be a positive number, was " + r));
            c.dailyQuota().filter(q -> q <= 0).ifPresent(
                    q -> errors.add("sealed.limits.clients." + id + ".daily-quota must be positive, was " + q));
            byClient.put(id, Limit.of(c.ratePerSecond().orElse(null), c.dailyQuota().orElse(null)));
        });
        if (config.sharePartitions() < 1) {
            errors.add("sealed.limits.share-partitions must be at least 1, was " + config.sharePartitions());
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("bad client limits: " + String.join("; ", errors));
        }
    }

    @Override
    public Optional<Limit> forClient(String clientId) {
        return Optional.ofNullable(byClient.get(clientId));
    }
}
