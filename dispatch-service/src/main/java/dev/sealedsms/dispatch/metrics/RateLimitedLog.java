package dev.sealedsms.dispatch.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One log line per interval for an expected, possibly frequent case (a refused receipt, an
 * orphan, a throttled submit): the first occurrence is logged at once, later ones within the
 * interval are counted and the count rides on the next line. No stack traces; the metric behind
 * each case counts every occurrence.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code format} at WARN unless a line went out less than the interval ago. */
    public void warn(String format, Object... params) {
        emit(Logger.Level.WARN, format, params);
    }

    /** Logs {@code format} at INFO unless a line went out less than the interval ago. */
    public void info(String format, Object... params) {
        emit(Logger.Level.INFO, format, params);
    }

    private void emit(Logger.Level level, String format, Object[] params) {
        long now = System.nanoTime();
        long next = nextAt.get();
        if (next != Long.MIN_VALUE && now - next < 0 || !nextAt.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long more = suppressed.getAndSet(0);
        String line = String.format(format, params);
        log.log(level, more == 0 ? line : line + " (and " + more + " more like it since the last such line)");
    }
}
