package dev.sealedsms.dispatch.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final int TPS = 200;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aStalledSchedulerNeverBurstsAboveTheCarrierRateInAnySecond() throws Exception {
        // given a 200/s carrier, a backlog of 700 submits and a scheduler that stalls for 300 ms at 1 s
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        Pacer pacer = new Pacer(new RateLimiter(TPS, () -> 1), scheduler);
        int submits = 700;
        List<Long> sentAt = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(submits);
        scheduler.schedule(() -> sleep(300), 1, TimeUnit.SECONDS);

        // when all are handed over at once
        long start = System.nanoTime();
        for (int i = 0; i < submits; i++) {
            int n = i;
            pacer.submit(() -> {
                synchronized (sentAt) {
                    sentAt.add(System.nanoTime());
                    order.add(n);
                }
                done.countDown();
            });
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), "every submit goes out");
        long elapsed = System.nanoTime() - start;
        scheduler.shutdownNow();

        // then no sliding second holds more than the rate plus the one slot of catch-up the limiter allows
        int peak = 0;
        for (int i = 0, j = 0; i < sentAt.size(); i++) {
            while (j < sentAt.size() && sentAt.get(j) - sentAt.get(i) < SECOND) {
                j++;
            }
            peak = Math.max(peak, j - i);
        }
        assertTrue(peak <= TPS + 3, "at most " + (TPS + 3) + " submits in any second, saw " + peak);
        assertTrue(elapsed < 6 * SECOND, "the rate is used, not starved: 700 at 200/s took " + elapsed / 1e9 + " s");
        for (int i = 0; i < submits; i++) {
            assertEquals(i, order.get(i), "submits go out in the order they came");
        }
        assertEquals(0, pacer.waiting(), "nothing is left waiting");
    }

    @Test
    void anUnlimitedCarrierIsSentOnTheCallersThread() {
        Pacer pacer = new Pacer(new RateLimiter(0, () -> 1), new ScheduledThreadPoolExecutor(1));
        Thread[] ranOn = new Thread[1];

        pacer.submit(() -> ranOn[0] = Thread.currentThread());

        assertEquals(Thread.currentThread(), ranOn[0]);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
