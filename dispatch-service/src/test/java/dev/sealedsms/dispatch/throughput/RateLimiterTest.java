package dev.sealedsms.dispatch.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void bookingsAreSpacedSoTheReplicasTogetherKeepTheCarrierLimit() {
        AtomicInteger replicas = new AtomicInteger(1);
        RateLimiter limiter = new RateLimiter(100, replicas::get);

        long last = 0;
        for (int i = 0; i < 50; i++) {
            last = limiter.reserve();
        }
        assertTrue(last >= 480_000_000L && last <= 500_000_000L, "50 at 100/s end near 0.5 s, was " + last);

        replicas.set(4);
        long next = limiter.reserve();
        long after = limiter.reserve();
        assertTrue(after - next >= 39_000_000L, "with 4 replicas each books every 40 ms, was " + (after - next));
    }

    @Test
    void noLimitMeansNoWait() {
        assertEquals(0, new RateLimiter(0, () -> 1).reserve());
    }
}
