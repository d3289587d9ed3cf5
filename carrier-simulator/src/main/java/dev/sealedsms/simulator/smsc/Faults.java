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
 * @param receiptJitter     each receipt comes up to this much later than the receipt delay, uniformly; zero = none
 * @param dropRefusedReceipts a carrier that never sends a refused receipt again (many real ones): a
 *                          non-zero deliver_sm_resp loses that receipt for good; false = resend it later
 * @param unbindAfterRefusals unbind (and close) a session that has refused this many receipts; 0 = never
 * @param closeAfterAnswers close a session's connection right after it answered its N-th, 2N-th, ...
 *                          submit_sm (that one accepted and answered, as a real SMSC going down does); 0 = never
 */
public record Faults(double throttleRate, double errorRate, double undeliverableRate, int maxTps,
        int dropAfterSubmits, long seed, java.time.Duration receiptJitter, boolean dropRefusedReceipts,
        int unbindAfterRefusals, int closeAfterAnswers) {

    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0, java.time.Duration.ZERO, false, 0, 0);

    /** Without the receipt faults. */
    public Faults(double throttleRate, double errorRate, double undeliverableRate, int maxTps, int dropAfterSubmits,
            long seed) {
        this(throttleRate, errorRate, undeliverableRate, maxTps, dropAfterSubmits, seed, java.time.Duration.ZERO,
                false, 0, 0);
    }

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
        java.util.Objects.requireNonNull(receiptJitter, "receiptJitter");
        if (receiptJitter.isNegative()) {
            throw new IllegalArgumentException("receiptJitter must not be negative, was " + receiptJitter);
        }
        if (closeAfterAnswers < 0) {
            throw new IllegalArgumentException("closeAfterAnswers must be 0 (never) or more, was " + closeAfterAnswers);
        }
        if (unbindAfterRefusals < 0) {
            throw new IllegalArgumentException("unbindAfterRefusals must be 0 (never) or more, was "
                    + unbindAfterRefusals);
        }
    }

    private static void rate(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within 0..1, was " + value);
        }
    }

    public Faults withThrottleRate(double v) {
        return new Faults(v, errorRate, undeliverableRate, maxTps, dropAfterSubmits, seed,
                receiptJitter, dropRefusedReceipts, unbindAfterRefusals,
                closeAfterAnswers);
    }

    public Faults withErrorRate(double v) {
        return new Faults(throttleRate, v, undeliverableRate, maxTps, dropAfterSubmits, seed,
                receiptJitter, dropRefusedReceipts, unbindAfterRefusals,
                closeAfterAnswers);
    }

    public Faults withUndeliverableRate(double v) {
        return new Faults(throttleRate, errorRate, v, maxTps, dropAfterSubmits, seed,
                receiptJitter, dropRefusedReceipts, unbindAfterRefusals,
                closeAfterAnswers);
    }

    public Faults withMaxTps(int v) {
        return new Faults(throttleRate, errorRate, undeliverableRate, v, dropAfterSubmits, seed,
                receiptJitter, dropRefusedReceipts, unbindAfterRefusals,
                closeAfterAnswers);
    }

    public Faults withDropAfterSubmits(int v) {
        return new Faults(throttleRate, errorRate, undeliverableRate, maxTps, v, seed,
                receiptJitter, dropRefusedReceipts, unbindAfterRefusals,
                closeAfterAnswers);
    }

    public Faults withSeed(long v) {
        return new Faults(throttleRate, errorRate, undeliverableRate, maxTps, dropAfterSubmits, v,
                receiptJitter, dropRefusedReceipts, unbindAfterRefusals,
                closeAfterAnswers);
    }

    public Faults withCloseAfterAnswers(int v) {
        return new Faults(throttleRate, errorRate, undeliverableRate, maxTps, dropAfterSubmits, seed, receiptJitter,
                dropRefusedReceipts, unbindAfterRefusals, v);
    }

    public Faults withReceiptJitter(java.time.Duration v) {
        return new Faults(throttleRate, errorRate, undeliverableRate, maxTps, dropAfterSubmits, seed, v,
                dropRefusedReceipts, unbindAfterRefusals,
                closeAfterAnswers);
    }

    /** A strict carrier: a refused receipt is never sent again, and {@code n} refusals end the session. */
    public Faults withStrictReceipts(int n) {
        return new Faults(throttleRate, errorRate, undeliverableRate, maxTps, dropAfterSubmits, seed, receiptJitter,
                true, n, closeAfterAnswers);
    }
}
