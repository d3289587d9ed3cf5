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
    HEX_RESPONSE_DECIMAL_RECEIPT;

    String response(long n) {
        return this == DECIMAL ? Long.toString(n) : Long.toHexString(n).toUpperCase(java.util.Locale.ROOT);
    }

    String receiptText(long n) {
        return this == HEX ? Long.toHexString(n).toUpperCase(java.util.Locale.ROOT) : Long.toString(n);
    }
}
