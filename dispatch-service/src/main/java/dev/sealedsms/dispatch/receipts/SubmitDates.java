package dev.sealedsms.dispatch.receipts;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code submit date:} of a receipt's text (SMPP 3.4 appendix B: {@code YYMMDDhhmm}, some
 * carriers add seconds), read in the carrier's time zone. It tells apart two messages the carrier
 * gave the same id, as a carrier whose counter starts again after a restart does: a receipt belongs
 * only to a submit the carrier took within its minute, give or take the clocks' skew.
 */
final class SubmitDates {

    private static final Pattern SUBMIT_DATE = Pattern.compile("submit date:(\\d{10})(\\d{2})?");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private SubmitDates() {
    }

    /** The receipt text's submit date, or null when it has none or an impossible one. */
    static Instant of(byte[] receiptText, ZoneId zone) {
        if (receiptText == null) {
            return null;
        }
        Matcher m = SUBMIT_DATE.matcher(new String(receiptText, StandardCharsets.US_ASCII));
        if (!m.find()) {
            return null;
        }
        String d = m.group(1);
        try {
            return LocalDateTime.of(2000 + Integer.parseInt(d.substring(0, 2)), Integer.parseInt(d.substring(2, 4)),
                    Integer.parseInt(d.substring(4, 6)), Integer.parseInt(d.substring(6, 8)),
                    Integer.parseInt(d.substring(8, 10))).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * True when a part we saw the carrier take at {@code takenAt} can be the one a receipt dated
     * {@code submitDate} (minute precision) is for; always true for a receipt without a date.
     */
    static boolean fits(Instant takenAt, Instant submitDate, Duration skew) {
        return submitDate == null || (!takenAt.isBefore(submitDate.minus(skew))
                && !takenAt.isAfter(submitDate.plus(MINUTE).plus(skew)));
    }
}
