package dev.sealedsms.simulator.smsc;

/**
 * How the simulated carrier writes message ids. Real carriers disagree, and some disagree with
 * themselves: an id in hex in {@code submit_sm_resp} and in decimal in the receipt text.
 */
public enum IdFormat {
    /** Decimal everywhere. */
    DECIMAL,
    /** Upper-case hex everywhere. */
    HEX,
    /** Hex in submit_sm_resp and in receipted_message_id; decimal in the receipt text's {@code id:}. */
    HEX_RESPONSE_DECIMAL_RECEIPT,
    /**
     * Decimal everywhere, counted from 1 by each start of the SMSC: after a restart the carrier hands
     * out the ids of its earlier run again, as SMSCs with a plain counter do.
     */
    DECIMAL_RESTARTING;

    /** True when each start of the SMSC counts from 1 instead of going on from the ids issued before. */
    boolean restartsAtOne() {
        return this == DECIMAL_RESTARTING;
    }

    String response(long n) {
        return this == DECIMAL || this == DECIMAL_RESTARTING ? Long.toString(n) : Long.toHexString(n).toUpperCase(java.util.Locale.ROOT);
    }

    String receiptText(long n) {
        return this == HEX ? Long.toHexString(n).toUpperCase(java.util.Locale.ROOT) : Long.toString(n);
    }
}
