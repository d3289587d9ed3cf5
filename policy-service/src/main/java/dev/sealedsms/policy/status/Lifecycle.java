package dev.sealedsms.policy.status;

import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.TextEncoding;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fold of one message's receipts, kept small: one per message in the view. Receipts of a
 * message share a partition (key = message id), so every replica folds them in the same order and
 * gives the same answer. Guarded by the owning {@link StatusLedger}'s lock.
 *
 * <p>Rules: the status is the latest in lifecycle order (ACCEPTED &lt; SUBMITTED &lt; terminal), so a
 * late or duplicate ACCEPTED never moves a message back; the first terminal status wins and keeps
 * its reason and error code (the invariant is one terminal receipt per message; a second, different
 * one is shown in {@code times} only). Carrier facts are the latest non-null ones.
 */
final class Lifecycle {

    private static final ReceiptStatus[] STATUSES = ReceiptStatus.values();

    final String messageId;
    final String tenant;
    final String clientId;
    /** Record timestamp of the first receipt: the window is counted from it. */
    final long firstSeenMillis;
    private ReceiptStatus status;
    /** Epoch millis per status ordinal, 0 when not seen: cheaper than a map per message. */
    private final long[] times = new long[STATUSES.length];
    private long acceptedAt;
    private String reason;
    private String errorCode;
    private String carrier;
    private String carrierMessageId;
    private Integer segments;
    private TextEncoding encoding;
    private String country;

    Lifecycle(String messageId, String tenant, String clientId, long firstSeenMillis) {
        this.messageId = messageId;
        this.tenant = tenant;
        this.clientId = clientId;
        this.firstSeenMillis = firstSeenMillis;
    }

    void apply(Receipt r, Strings strings) {
        ReceiptStatus s = r.status();
        long at = r.occurredAt() != null ? r.occurredAt().toEpochMilli() : firstSeenMillis;
        if (times[s.ordinal()] == 0) {
            times[s.ordinal()] = at;
        }
        if (status == null || (!status.terminal() && rank(s) >= rank(status))) {
            status = s;
            reason = strings.intern(r.reason());
            errorCode = strings.intern(r.errorCode());
        }
        if (r.acceptedAt() != null && acceptedAt == 0) {
            acceptedAt = r.acceptedAt().toEpochMilli();
        }
        if (r.carrier() != null) {
            carrier = strings.intern(r.carrier());
        }
        if (r.carrierMessageId() != null) {
            carrierMessageId = r.carrierMessageId();
        }
        if (r.segments() != null) {
            segments = r.segments();
        }
        if (r.encoding() != null) {
            encoding = r.encoding();
        }
        if (r.country() != null) {
            country = strings.intern(r.country());
        }
    }

    private static int rank(ReceiptStatus s) {
        return switch (s) {
            case ACCEPTED -> 0;
            case SUBMITTED -> 1;
            case REJECTED, DELIVERED, UNDELIVERED, EXPIRED, FAILED -> 2;
        };
    }

    MessageStatus view() {
        Map<ReceiptStatus, Instant> seen = new EnumMap<>(ReceiptStatus.class);
        long updated = 0;
        for (ReceiptStatus s : STATUSES) {
            long t = times[s.ordinal()];
            if (t != 0) {
                seen.put(s, Instant.ofEpochMilli(t));
                updated = Math.max(updated, t);
            }
        }
        return new MessageStatus(messageId, clientId, status, status.terminal(),
                acceptedAt == 0 ? null : Instant.ofEpochMilli(acceptedAt), Instant.ofEpochMilli(updated), seen,
                reason, errorCode, carrier, carrierMessageId, segments, encoding, country);
    }

    /** Repeated short strings (tenants, clients, carriers, codes) stored once per view. */
    static final class Strings {
        private final Map<String, String> known = new java.util.HashMap<>();

        String intern(String s) {
            if (s == null) {
                return null;
            }
            if (known.size() > 100_000) {
                // Not a cache of anything unbounded: codes and tenants are few; a flood of distinct
                // values (bad data) just stops being shared.
                return s;
            }
            return known.computeIfAbsent(s, k -> k);
        }
    }
}
