package dev.sealedsms.simulator.smsc;

import org.jsmpp.bean.MessageState;
import org.jsmpp.util.DeliveryReceiptState;

/** Final state reported by a delivery receipt: the text fields and the {@code message_state} TLV agree. */
enum ReceiptOutcome {
    DELIVERED(DeliveryReceiptState.DELIVRD, "000", 1, MessageState.DELIVERED),
    UNDELIVERABLE(DeliveryReceiptState.UNDELIV, "001", 0, MessageState.UNDELIVERABLE);

    final DeliveryReceiptState stat;
    /** {@code err:} field, three digits. */
    final String err;
    /** {@code dlvrd:} count out of the one submitted. */
    final int delivered;
    final MessageState messageState;

    ReceiptOutcome(DeliveryReceiptState stat, String err, int delivered, MessageState messageState) {
        this.stat = stat;
        this.err = err;
        this.delivered = delivered;
        this.messageState = messageState;
    }

    boolean isSuccess() {
        return this == DELIVERED;
    }
}
