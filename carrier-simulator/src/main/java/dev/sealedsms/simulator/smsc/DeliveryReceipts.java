package dev.sealedsms.simulator.smsc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The de-facto standard receipt text (SMPP 3.4 appendix B). {@code text:} is always empty so a
 * receipt never echoes message content. Dates are UTC.
 */
final class DeliveryReceipts {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneOffset.UTC);

    private DeliveryReceipts() {
    }

    static String text(String messageId, Instant submitted, Instant done, ReceiptOutcome outcome) {
        return "id:" + messageId
                + " sub:001"
                + " dlvrd:" + String.format("%03d", outcome.delivered)
                + " submit date:" + DATE.format(submitted)
                + " done date:" + DATE.format(done)
                + " stat:" + outcome.stat.name()
                + " err:" + outcome.err
                + " text:";
    }
}
