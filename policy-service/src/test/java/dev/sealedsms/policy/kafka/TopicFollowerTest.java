package dev.sealedsms.policy.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.policy.limits.RateShares;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A view that stops keeping up with its topic, while its reader still runs, says so: the consent
 * ledger turns not-ready on it rather than deciding on stale opt-outs.
 */
class TopicFollowerTest {

    private final String bootstrap = SealedInfrastructure.get().kafka().bootstrapServers();

    @Test
    void aReaderThatFallsBehindIsNotCaughtUpAndIsAgainOnceItCatchesUp() throws Exception {
        String topic = "follower-test-" + UUID.randomUUID();
        RateShares.ensureTopic(bootstrap, topic, 1);
        AtomicBoolean stall = new AtomicBoolean();
        CountDownLatch resume = new CountDownLatch(1);
        Duration staleAfter = Duration.ofSeconds(3);
        try (TopicFollower follower = new TopicFollower(bootstrap, topic, "follower test", records -> {
            if (!records.isEmpty() && stall.get()) {
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        })) {
            follower.start(null, Duration.ofSeconds(30));
            await(() -> follower.caughtUpWithin(staleAfter), "caught up after start");

            // when applying stalls (a slow or stuck view) while records keep coming
            stall.set(true);
            TopicProbe probe = new TopicProbe(bootstrap);
            for (int i = 0; i < 300; i++) {
                probe.produce(topic, "k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
            }
            await(() -> !follower.caughtUpWithin(staleAfter), "stale once it stays behind");
            assertFalse(follower.failed(), "behind, not failed");

            // then it is current again once it has read up to the end
            stall.set(false);
            resume.countDown();
            await(() -> follower.caughtUpWithin(staleAfter), "caught up again");
            assertTrue(follower.lag() <= TopicFollower.CAUGHT_UP_RECORDS);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
