package dev.sealedsms.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for what comes on its own schedule (a record read back, a carrier bound again), checking
 * every 20 ms, and fails the test with what was awaited once {@code within} has passed.
 */
public final class Poll {

    private static final long EVERY_MILLIS = 20;

    private Poll() {
    }

    /** Returns once {@code condition} holds; an {@link AssertionError} naming {@code what} when not within the time. */
    public static void until(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(EVERY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
