package dev.sealedsms.simulator.smsc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Carrier message ids: decimal strings from one counter per JVM, seeded with the start time in
 * microseconds. Every simulator in a JVM shares it, and a restarted simulator starts above the ids
 * its predecessor issued unless that one averaged more than a thousand submits per millisecond.
 * Other formats (hex, fixed width) will be chosen here.
 */
final class MessageIds {

    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() * 1_000L);

    private MessageIds() {
    }

    static String next() {
        return Long.toString(NEXT.getAndIncrement());
    }
}
