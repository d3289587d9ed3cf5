package dev.sealedsms.policy.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.policy.rules.Reason;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token-bucket arithmetic on a simulated clock: limit × share, burst, refusals. */
class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ClientLimits limits = id -> id.equals("free") ? Optional.empty() : Optional.of(Limit.of(100.0, null));

    @Test
    void admitsLimitTimesShareOverTime() {
        RateLimiter halfShare = new RateLimiter(limits, () -> 0.5, nanos::get);

        int admitted = attemptEveryMillisecondFor(halfShare, Duration.ofSeconds(10));

        // 50/s for 10 s, plus the first token (attempts every millisecond never let a burst build up)
        assertTrue(admitted >= 500 && admitted <= 506, "admitted " + admitted);
    }

    @Test
    void withTheWholeShareTheFullLimitAndNoMore() {
        RateLimiter whole = new RateLimiter(limits, () -> 1.0, nanos::get);

        int admitted = attemptEveryMillisecondFor(whole, Duration.ofSeconds(10));

        assertTrue(admitted >= 1000 && admitted <= 1011, "admitted " + admitted);
    }

    @Test
    void afterAPauseAtMostOneSecondOfTokensIsThere() {
        RateLimiter whole = new RateLimiter(limits, () -> 1.0, nanos::get);
        whole.tryAcquire("c");

        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        int admitted = 0;
        for (int i = 0; i < 1000; i++) {
            admitted += whole.tryAcquire("c").admitted() ? 1 : 0;
        }

        assertEquals(100, admitted, "a second's worth at 100/s, not thirty seconds' worth");
    }

    @Test
    void withoutAShareEverythingIsRefusedWithRetryAfter() {
        RateLimiter none = new RateLimiter(limits, () -> 0.0, nanos::get);

        Admission a = none.tryAcquire("c");

        assertFalse(a.admitted());
        assertEquals(Reason.RATE_LIMITED, a.refusal());
        assertEquals(Duration.ofSeconds(1), a.retryAfter());
    }

    @Test
    void aClientWithoutARateIsNeverLimited() {
        RateLimiter none = new RateLimiter(limits, () -> 0.0, nanos::get);

        for (int i = 0; i < 1000; i++) {
            assertTrue(none.tryAcquire("free").admitted());
        }
    }

    private int attemptEveryMillisecondFor(RateLimiter limiter, Duration d) {
        int admitted = 0;
        for (long t = 0; t < d.toMillis(); t++) {
            nanos.addAndGet(1_000_000);
            if (limiter.tryAcquire("c").admitted()) {
                admitted++;
            }
        }
        return admitted;
    }
}
