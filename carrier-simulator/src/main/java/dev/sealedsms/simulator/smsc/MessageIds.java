package dev.sealedsms.simulator.smsc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Carrier message ids: one counter per JVM, seeded with the start time in microseconds. Every
 * simulator in a JVM shares it, and a restarted simulator starts above the ids its predecessor
 * issued unless that one averaged more than a thousand submits per millisecond. How the number is
 * written (decimal, hex) is the {@link IdFormat}'s business. A start with a receipt journal moves
 * the counter above the ids it still owes receipts for ({@link #issuedAlready(long)}).
 */
final class MessageIds {

    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() * 1_000L);

    private MessageIds() {
    }

    static long next() {
        return NEXT.getAndIncrement();
    }

    /**
     * Never hands out {@code issued} or anything below it from now on: ids a receipt journal still
     * owes receipts for stay unique even if this JVM's seed came out lower (clock set back).
     */
    static void issuedAlready(long issued) {
        NEXT.accumulateAndGet(issued + 1, Math::max);
    }
}
