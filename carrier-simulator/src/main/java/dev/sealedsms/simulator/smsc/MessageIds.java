package dev.sealedsms.simulator.smsc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Carrier message ids: one counter per JVM, seeded with the start time in microseconds. Every
 * simulator in a JVM shares it, and a restarted simulator starts above the ids its predecessor
 * issued unless that one averaged more than a thousand submits per millisecond. How the number is
 * written (decimal, hex) is the {@link IdFormat}'s business.
 */
final class MessageIds {

    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() * 1_000L);

    private MessageIds() {
    }

    static long next() {
        return NEXT.getAndIncrement();
    }
}
