package dev.sealedsms.crypto.messaging;

import dev.sealedsms.codec.SmsText;
import dev.sealedsms.events.ApprovedMessage;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields of an {@code sms.approved} record that crypto-service acts on, checked before it
 * seals anything, against {@code approved-message.v1.json} and the limits of SMS itself. Only
 * policy-service writes the topic, so a record that fails is our own bug or a forger's: it is
 * refused whole rather than sealed as written (issue 22, point 5). Each problem names the field,
 * never its value.
 *
 * <ul>
 * <li>{@code messageId}, {@code clientId}: 1 to 64 characters of letters, digits, '.', '_', ':', '-';
 * <li>{@code senderId}: up to 11 letters, digits and spaces, or up to 15 digits with an optional
 * '+' (SMPP source address; the same rule as the policy document's sender ids);
 * <li>{@code recipient}: E.164 ({@code +}, then 7 to 15 digits, no leading zero);
 * <li>{@code country}: two capital letters; {@code category}, {@code encoding}, {@code acceptedAt},
 * {@code notAfter}: present;
 * <li>{@code body}: no C0 or C1 control but tab, CR and LF, no unpaired surrogate; and no more
 * segments than the record says (policy counted them against its cap) nor than {@value #MAX_PARTS},
 * the most a concatenation header's 8-bit part count can number.
 * </ul>
 * The tenant is not checked here: the Transit key-name check refuses a tenant that cannot name a
 * key, with its own reason ({@code SEAL_FAILED}).
 */
final class ApprovedRecordCheck {

    /** Concatenated SMS number their parts in one byte. */
    static final int MAX_PARTS = 255;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern SENDER = Pattern.compile("[A-Za-z0-9 ]{1,11}|\\+?[0-9]{1,15}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private ApprovedRecordCheck() {
    }

    /** The first problem with {@code m}, as "field: what is wrong", or empty when it may be sealed. */
    static Optional<String> problem(ApprovedMessage m) {
        if (!ID.matcher(m.messageId()).matches()) {
            return Optional.of("messageId: not 1-64 letters, digits, '.', '_', ':' or '-'");
        }
        if (m.clientId() == null || !ID.matcher(m.clientId()).matches()) {
            return Optional.of("clientId: missing or not 1-64 letters, digits, '.', '_', ':' or '-'");
        }
        if (m.senderId() == null || !SENDER.matcher(m.senderId()).matches()) {
            return Optional.of("senderId: missing or not up to 11 letters, digits and spaces or up to 15 digits");
        }
        if (!E164.matcher(m.recipient()).matches()) {
            return Optional.of("recipient: not an E.164 number");
        }
        if (m.country() == null || !COUNTRY.matcher(m.country()).matches()) {
            return Optional.of("country: missing or not an ISO 3166-1 alpha-2 code");
        }
        if (m.category() == null || m.encoding() == null || m.acceptedAt() == null || m.notAfter() == null) {
            return Optional.of("category, encoding, acceptedAt, notAfter: required");
        }
        if (!text(m.body())) {
            return Optional.of("body: has a control character (other than tab and line breaks) or an unpaired surrogate");
        }
        if (m.segments() < 1 || m.segments() > MAX_PARTS) {
            return Optional.of("segments: must be 1-" + MAX_PARTS);
        }
        int parts = SmsText.analyse(m.body()).segments();
        if (parts > m.segments()) {
            return Optional.of("body: needs " + parts + " segments, the record says " + m.segments());
        }
        return Optional.empty();
    }

    /** Whether a receipt may name this record: its message id, client id and tenant have their forms. */
    static boolean receiptable(ApprovedMessage m) {
        return ID.matcher(m.messageId()).matches() && m.clientId() != null && ID.matcher(m.clientId()).matches()
                && TENANT.matcher(m.tenant()).matches();
    }

    /** The record's country when it has the form of one, else null: a receipt carries nothing unchecked. */
    static String country(ApprovedMessage m) {
        return m.country() != null && COUNTRY.matcher(m.country()).matches() ? m.country() : null;
    }

    private static boolean text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
