package dev.sealedsms.simulator.smsc;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.SMPPConstant;

/**
 * The one place that decides what becomes of each submit_sm: rejected (throttled, over the TPS
 * limit, a permanent error) or accepted with a receipt's final state. Session code never grows
 * rules of its own.
 */
final class OutcomePolicy {

    /** What happens to one submit_sm. */
    sealed interface Decision permits Reject, Accept {
    }

    /** Answer submit_sm_resp with this command_status; nothing is recorded. */
    record Reject(int commandStatus, String why) implements Decision {
    }

    /** Accept; the receipt will report {@code outcome}. */
    record Accept(ReceiptOutcome outcome) implements Decision {
    }

    private final String undeliverablePrefix;
    private final Faults faults;
    private final Random random;
    private final AtomicLong window = new AtomicLong();

    OutcomePolicy(SmscConfig config) {
        this.undeliverablePrefix = config.undeliverablePrefix();
        this.faults = config.faults();
        this.random = faults.seed() == 0 ? new Random() : new Random(faults.seed());
    }

    /** Decided before anything is recorded: a rejected submit leaves no trace but the counters. */
    Decision decide(String destinationAddr) {
        if (faults.maxTps() > 0 && !withinTps()) {
            return new Reject(SMPPConstant.STAT_ESME_RTHROTTLED, "over " + faults.maxTps() + " submits/s");
        }
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        if (roll < faults.throttleRate()) {
            return new Reject(SMPPConstant.STAT_ESME_RTHROTTLED, "throttle injected");
        }
        if (roll < faults.throttleRate() + faults.errorRate()) {
            return new Reject(SMPPConstant.STAT_ESME_RINVDSTADR, "permanent error injected");
        }
        if (undeliverablePrefix != null && destinationAddr.startsWith(undeliverablePrefix)) {
            return new Accept(ReceiptOutcome.UNDELIVERABLE);
        }
        if (faults.undeliverableRate() > 0) {
            double second;
            synchronized (random) {
                second = random.nextDouble();
            }
            if (second < faults.undeliverableRate()) {
                return new Accept(ReceiptOutcome.UNDELIVERABLE);
            }
        }
        return new Accept(ReceiptOutcome.DELIVERED);
    }

    /** A fixed one-second window: the high 32 bits hold the second, the low 32 the count in it. */
    private boolean withinTps() {
        long second = System.currentTimeMillis() / 1000;
        while (true) {
            long current = window.get();
            long next = (current >>> 32) == second ? current + 1 : (second << 32) | 1;
            if ((next & 0xFFFFFFFFL) > faults.maxTps()) {
                return false;
            }
            if (window.compareAndSet(current, next)) {
                return true;
            }
        }
    }
}
