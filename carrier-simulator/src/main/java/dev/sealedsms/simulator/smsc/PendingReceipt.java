package dev.sealedsms.simulator.smsc;

import java.time.Instant;

/**
 * A receipt owed for {@code submission}; TON/NPI kept so the receipt swaps them with the addresses.
 *
 * @param journalEntry the receipt's key in the {@link ReceiptJournal}; 0 when no journal is kept
 * @param doneAt       the receipt's {@code done date:}, also the time it falls due
 */
record PendingReceipt(
        long journalEntry,
        Submission submission,
        long idNumber,
        ReceiptOutcome outcome,
        byte sourceTon,
        byte sourceNpi,
        byte destTon,
        byte destNpi,
        Instant doneAt) {
}
