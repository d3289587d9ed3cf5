package dev.sealedsms.simulator.smsc;

/**
 * The one place that decides what becomes of each accepted submit_sm. Today that is the receipt's
 * final state; fault injection (throttling, error rates, max TPS) will extend the decision here with
 * rejections, so the session handling code never grows its own rules.
 */
final class OutcomePolicy {

    private final String undeliverablePrefix;

    OutcomePolicy(SmscConfig config) {
        this.undeliverablePrefix = config.undeliverablePrefix();
    }

    ReceiptOutcome decide(Submission submission) {
        if (undeliverablePrefix != null && submission.destinationAddr().startsWith(undeliverablePrefix)) {
            return ReceiptOutcome.UNDELIVERABLE;
        }
        return ReceiptOutcome.DELIVERED;
    }
}
