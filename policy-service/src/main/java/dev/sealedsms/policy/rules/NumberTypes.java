package dev.sealedsms.policy.rules;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code number-type} rule's vocabulary: libphonenumber's number types by the ids a policy
 * document uses ({@code allowNumberTypes}), and the reason each gives when refused.
 *
 * <p>Only numbers that can receive a text pass by default: {@code MOBILE}, and
 * {@code FIXED_LINE_OR_MOBILE}, which is what libphonenumber answers for most North American
 * numbers (their ranges do not tell the two apart). Every other type is refused with its own reason:
 * a premium-rate or shared-cost number charges whoever sends to it, which is how SMS pumping fraud
 * earns; toll-free, UAN, voicemail, pager and personal numbers are routing services rather than
 * handsets; a landline cannot show a text; {@code UNKNOWN} is a valid number in a range whose use
 * libphonenumber does not know, and refusing it is the careful reading.
 */
public final class NumberTypes {

    /** Types that pass without an allowance. */
    public static boolean textable(PhoneNumberType type) {
        return type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE;
    }

    /** A refusable type: its document id and its reason. */
    public record Refusable(String id, Reason reason) {
    }

    private static final Map<PhoneNumberType, Refusable> BY_TYPE = new EnumMap<>(PhoneNumberType.class);
    /** Document ids, in the order the docs list them. */
    public static final Map<String, PhoneNumberType> IDS;

    static {
        // The landline reason keeps its first name: reasons are never renamed.
        BY_TYPE.put(PhoneNumberType.FIXED_LINE, new Refusable("landline", Reason.NUMBER_TYPE_NOT_ALLOWED));
        BY_TYPE.put(PhoneNumberType.PREMIUM_RATE, new Refusable("premium-rate", Reason.NUMBER_PREMIUM_RATE));
        BY_TYPE.put(PhoneNumberType.SHARED_COST, new Refusable("shared-cost", Reason.NUMBER_SHARED_COST));
        BY_TYPE.put(PhoneNumberType.TOLL_FREE, new Refusable("toll-free", Reason.NUMBER_TOLL_FREE));
        BY_TYPE.put(PhoneNumberType.UAN, new Refusable("uan", Reason.NUMBER_UAN));
        BY_TYPE.put(PhoneNumberType.VOICEMAIL, new Refusable("voicemail", Reason.NUMBER_VOICEMAIL));
        BY_TYPE.put(PhoneNumberType.PAGER, new Refusable("pager", Reason.NUMBER_PAGER));
        BY_TYPE.put(PhoneNumberType.VOIP, new Refusable("voip", Reason.NUMBER_VOIP));
        BY_TYPE.put(PhoneNumberType.PERSONAL_NUMBER, new Refusable("personal-number", Reason.NUMBER_PERSONAL));
        BY_TYPE.put(PhoneNumberType.UNKNOWN, new Refusable("unknown", Reason.NUMBER_TYPE_UNKNOWN));
        Map<String, PhoneNumberType> ids = new LinkedHashMap<>();
        BY_TYPE.forEach((type, r) -> ids.put(r.id(), type));
        IDS = java.util.Collections.unmodifiableMap(ids);
    }

    private NumberTypes() {
    }

    /** The id and reason of a type that does not pass by default; empty for the textable types. */
    public static Optional<Refusable> refusable(PhoneNumberType type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }
}
