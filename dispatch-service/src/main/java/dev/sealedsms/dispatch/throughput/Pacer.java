package dev.sealedsms.dispatch.throughput;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends one carrier's submits in the order they come, no faster than its {@link RateLimiter}.
 *
 * <p>The limiter's slot is taken when a submit goes out, by the one drain that runs at a time, not
 * when the submit is queued. Booking every queued submit ahead and scheduling each for its slot
 * (what dispatch did before) sends a burst whenever the scheduler wakes late: a GC pause or a busy
 * core of 50 ms releases the ten slots it slept through at once, and a strict carrier counts 211
 * submits in a second of a 200/s account. Here a late wake costs at most one slot of catch-up
 * ({@link RateLimiter#reserve()} gives no credit beyond one interval), so a carrier never sees more
 * than its rate plus three in any second, however the machine stalls.
 */
public final class Pacer {

    private static final Logger LOG = Logger.getLogger(Pacer.class);

    private final RateLimiter limiter;
    private final ScheduledExecutorService scheduler;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    /** A drain runs or is scheduled; at most one at a time. */
    private boolean draining;

    public Pacer(RateLimiter limiter, ScheduledExecutorService scheduler) {
        this.limiter = limiter;
        this.scheduler = scheduler;
    }

    /**
     * Runs {@code send} in its turn: now, on the caller's thread, when the carrier is unlimited or
     * its next slot is free and nothing waits before it; else on the scheduler when its slot comes.
     */
    public void submit(Runnable send) {
        if (!limiter.limited()) {
            run(send);
            return;
        }
        synchronized (this) {
            waiting.add(send);
            if (draining) {
                return;
            }
            draining = true;
        }
        drain();
    }

    /** Submits waiting for their slot (bounded by the binds' windows: a submit holds a window slot while it waits). */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
                long wait = limiter.reserve();
                if (wait > 0) {
                    Runnable booked = next;
                    try {
                        scheduler.schedule(() -> {
                            run(booked);
                            drain();
                        }, wait, TimeUnit.NANOSECONDS);
                    } catch (RejectedExecutionException e) {
                        // Shutting down: these records are not acknowledged, so they are redelivered after restart.
                        waiting.clear();
                        draining = false;
                    }
                    return;
                }
            }
            run(next);
        }
    }

    private static void run(Runnable send) {
        try {
            send.run();
        } catch (RuntimeException e) {
            // A send reports its own failures through its future; this is a bug, and one bug must not stall the carrier.
            LOG.errorf("SD0013 a paced submit failed to start: %s", e.getClass().getName());
        }
    }
}
