package dev.sealedsms.policy.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Client limits from configuration: absent means unlimited, a bad value stops start-up naming it. */
class ConfigClientLimitsTest {

    @Test
    void readsEachClientsLimitsAndNothingForOthers() {
        ConfigClientLimits limits = new ConfigClientLimits(config(Map.of(
                "a", client(5.0, null), "b", client(null, 1000L))));

        assertEquals(new Limit(OptionalDouble.of(5.0), OptionalLong.empty()), limits.forClient("a").orElseThrow());
        assertEquals(new Limit(OptionalDouble.empty(), OptionalLong.of(1000)), limits.forClient("b").orElseThrow());
        assertTrue(limits.forClient("c").isEmpty());
    }

    @Test
    void aNonPositiveLimitStopsStartUpNamingTheSetting() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ConfigClientLimits(config(Map.of(
                "a", client(0.0, null), "b", client(null, -1L)))));

        assertTrue(e.getMessage().contains("sealed.limits.clients.a.rate-per-second"), e.getMessage());
        assertTrue(e.getMessage().contains("sealed.limits.clients.b.daily-quota"), e.getMessage());
    }

    private static LimitsConfig.Client client(Double rate, Long quota) {
        return new LimitsConfig.Client() {
            @Override
            public Optional<Double> ratePerSecond() {
                return Optional.ofNullable(rate);
            }

            @Override
            public Optional<Long> dailyQuota() {
                return Optional.ofNullable(quota);
            }
        };
    }

    private static LimitsConfig config(Map<String, LimitsConfig.Client> clients) {
        return new LimitsConfig() {
            @Override
            public Map<String, Client> clients() {
                return clients;
            }

            @Override
            public int sharePartitions() {
                return 12;
            }

            @Override
            public String shareGroup() {
                return "g";
            }

            @Override
            public boolean createShareTopic() {
                return false;
            }

            @Override
            public Duration shareWait() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration idempotencyTtl() {
                return Duration.ofHours(24);
            }

            @Override
            public int idempotencyMaxKeys() {
                return 10;
            }
        };
    }
}
