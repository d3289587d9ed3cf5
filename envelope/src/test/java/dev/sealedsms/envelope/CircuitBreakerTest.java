package dev.sealedsms.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), clock);

    @Test
    void staysClosedBelowTheThresholdAndASuccessResetsTheCount() {
        fail(2);
        breaker.tryAcquire();
        breaker.onSuccess();
        fail(2);

        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void opensAfterConsecutiveFailuresAndRefusesCallsUntilTheWaitIsOver() {
        fail(3);

        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        clock.advance(Duration.ofSeconds(9));
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void letsExactlyOneTrialThroughWhenHalfOpenAndClosesOnItsSuccess() {
        fail(3);
        clock.advance(Duration.ofSeconds(10));

        assertTrue(breaker.tryAcquire(), "the trial");
        assertFalse(breaker.tryAcquire(), "a second call while the trial runs");
        breaker.onSuccess();

        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void aFailedTrialOpensItAgainForAFullWait() {
        fail(3);
        clock.advance(Duration.ofSeconds(10));
        assertTrue(breaker.tryAcquire());
        breaker.onFailure();

        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        clock.advance(Duration.ofSeconds(5));
        assertFalse(breaker.tryAcquire());
        clock.advance(Duration.ofSeconds(5));
        assertTrue(breaker.tryAcquire());
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(breaker.tryAcquire() || breaker.state() != CircuitBreaker.State.CLOSED);
            breaker.onFailure();
        }
    }
}
