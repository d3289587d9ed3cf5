package dev.sealedsms.simulator.smsc;

/**
 * Fault injection: how badly the simulated carrier behaves. Rates are probabilities per submit_sm,
 * decided independently in {@link OutcomePolicy}; all zero (see {@link #NONE}) is a perfect carrier.
 *
 * @param throttleRate      share of submits answered {@code ESME_RTHROTTLED} (0x58)
 * @param errorRate         share answered with a permanent error, {@code ESME_RINVDSTADR} (0x0B)
 * @param undeliverableRate share accepted whose receipt says {@code stat:UNDELIV}
 * @param maxTps            submits per second accepted across all sessions; more get {@code ESME_RTHROTTLED}; 0 = no limit
 * @param dropAfterSubmits  close a session's connection when it sends its N-th, 2N-th, ... submit_sm
 *                          (that submit is neither accepted nor answered); 0 = never
 * @param seed              seed of the random choices, so a run can be repeated; 0 = a fresh seed
 */
public record Faults(double throttleRate, double errorRate, double undeliverableRate, int maxTps,
        int dropAfterSubmits, long seed) {

    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0);

    public Faults {
        rate("throttleRate", throttleRate);
        rate("errorRate", errorRate);
        rate("undeliverableRate", undeliverableRate);
        if (throttleRate + errorRate > 1.0) {
            throw new IllegalArgumentException("throttleRate + errorRate must be at most 1");
        }
        if (maxTps < 0) {
            throw new IllegalArgumentException("maxTps must be 0 (no limit) or more, was " + maxTps);
        }
        if (dropAfterSubmits < 0) {
            throw new IllegalArgumentException("dropAfterSubmits must be 0 (never) or more, was " + dropAfterSubmits);
        }
    }

    private static void rate(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within 0..1, was " + value);
        }
    }

    public Faults withThrottleRate(double v) {
        return new Faults(v, errorRate, undeliverableRate, maxTps, dropAfterSubmits, seed);
    }

    public Faults withErrorRate(double v) {
        return new Faults(throttleRate, v, undeliverableRate, maxTps, dropAfterSubmits, seed);
    }

    public Faults withUndeliverableRate(double v) {
        return new Faults(throttleRate, errorRate, v, maxTps, dropAfterSubmits, seed);
    }

    public Faults withMaxTps(int v) {
        return new Faults(throttleRate, errorRate, undeliverableRate, v, dropAfterSubmits, seed);
    }

    public Faults withDropAfterSubmits(int v) {
        return new Faults(throttleRate, errorRate, undeliverableRate, maxTps, v, seed);
    }

    public Faults withSeed(long v) {
        return new Faults(throttleRate, errorRate, undeliverableRate, maxTps, dropAfterSubmits, v);
    }
}
