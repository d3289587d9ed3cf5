package dev.sealedsms.policy.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.Topics;
import dev.sealedsms.testsupport.SealedInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Two policy-service "replicas" — each its own {@link RateShares} consumer in one group on the real
 * broker and its own {@link RateLimiter} — hammered at once far above the limit: together they
 * admit N/s within 5%. Without shares each would admit N/s and the total would be 2N.
 */
class TwoReplicaRateLimitTest {

    private static final double N = 100;
    private static final Duration WARM_UP = Duration.ofSeconds(1);
    private static final Duration WINDOW = Duration.ofSeconds(8);

    private final String bootstrap = SealedInfrastructure.get().kafka().bootstrapServers();

    @Test
    void twoReplicasTogetherHoldTheClientRateWithinFivePercent() throws Exception {
        // given two replicas in one shares group, each holding half of the partitions
        RateShares.ensureTopic(bootstrap, Topics.POLICY_SHARES, 12);
        String group = "rate-test-" + UUID.randomUUID();
        ClientLimits limits = id -> Optional.of(Limit.of(N, null));
        try (RateShares a = new RateShares(bootstrap, group, Topics.POLICY_SHARES).start();
                RateShares b = new RateShares(bootstrap, group, Topics.POLICY_SHARES).start()) {
            awaitShares(a, b);
            List<RateLimiter> replicas = List.of(new RateLimiter(limits, a::share), new RateLimiter(limits, b::share));

            // when both are asked far more often than the limit, from two threads each
            long start = System.nanoTime();
            long from = start + WARM_UP.toNanos();
            long to = from + WINDOW.toNanos();
            AtomicLong admittedInWindow = new AtomicLong();
            List<Thread> hammers = new ArrayList<>();
            for (RateLimiter replica : replicas) {
                for (int t = 0; t < 2; t++) {
                    Thread h = new Thread(() -> hammer(replica, from, to, admittedInWindow));
                    hammers.add(h);
                    h.start();
                }
            }
            for (Thread h : hammers) {
                h.join();
            }

            // then the sum over the window is N per second, within 5%
            double expected = N * WINDOW.toNanos() / 1e9;
            long admitted = admittedInWindow.get();
            System.out.printf("two-replica rate test: admitted %d in %s, expected %.0f (%.2f%%), shares %.3f + %.3f%n",
                    admitted, WINDOW, expected, 100.0 * (admitted - expected) / expected, a.share(), b.share());
            assertTrue(Math.abs(admitted - expected) <= 0.05 * expected,
                    "admitted " + admitted + " in " + WINDOW + ", expected " + expected + " ± 5%");
        }
    }

    private static void hammer(RateLimiter replica, long from, long to, AtomicLong admitted) {
        while (System.nanoTime() < to) {
            boolean ok = replica.tryAcquire("client-n").admitted();
            long now = System.nanoTime();
            if (ok && now >= from && now < to) {
                admitted.incrementAndGet();
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void awaitShares(RateShares a, RateShares b) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(a.share() == 0.5 && b.share() == 0.5)) {
            assertTrue(System.nanoTime() < deadline, "shares never settled: " + a.share() + " + " + b.share());
            Thread.sleep(50);
        }
        assertEquals(1.0, a.share() + b.share());
    }
}
