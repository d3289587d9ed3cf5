package dev.sealedsms.dispatch.smpp;

/**
 * A {@code submit_sm} that did not succeed, classified once ({@link SmppStatus#classify} for
 * carrier answers, {@link CarrierLink} for transport trouble). The message names the failure,
 * never the content or the number.
 */
public class SubmitException extends Exception {

    /** What the caller should do. */
    public enum Kind {
        /** ESME_RTHROTTLED, ESME_RMSGQFUL: the carrier wants less; retry later with backoff, same carrier. */
        THROTTLED,
        /** Timeout, lost or missing bind, system error: retry, on the next carrier if there is one. */
        RETRYABLE,
        /** The carrier refused this message for good (invalid destination and the like). */
        PERMANENT,
        /** Its validity ended while it waited to be (re)submitted: never submitted after not-after. */
        EXPIRED
    }

    private final Kind kind;
    private final String errorCode;

    public SubmitException(Kind kind, String errorCode, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.errorCode = errorCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The SMPP command_status as {@code 0x%08X}, or null when the failure was not an SMPP response. */
    public String errorCode() {
        return errorCode;
    }
}
