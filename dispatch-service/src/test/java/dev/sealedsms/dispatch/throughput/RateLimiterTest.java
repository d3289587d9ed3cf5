package dev.sealedsms.dispatch.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aThrottlingCarrierIsPacedSlowerAndTheRateGrowsBackWithoutThrottling() throws Exception {
        RateLimiter limiter = new RateLimiter(1000, () -> 1);
        assertEquals(1000, limiter.currentTps(), 0.5);

        assertTrue(limiter.throttled(), "the first 0x58 cuts the rate");
        assertFalse(limiter.throttled(), "the rest of the same overload does not cut again");
        assertEquals(700, limiter.currentTps(), 5, "cut to 70 %");

        Thread.sleep(1_100);
        double grown = limiter.currentTps();
        assertTrue(grown > 780 && grown <= 1000, "grows by 10 % of the limit per second, was " + grown);
        Thread.sleep(RateLimiter.CUT_EVERY_NANOS / 1_000_000);
        assertTrue(limiter.throttled(), "a later overload cuts again");
    }

    @Test
    void noLimitMeansNoWait() {
        assertEquals(0, new RateLimiter(0, () -> 1).reserve());
    }
}
