package dev.sealedsms.envelope;

/**
 * A failed Vault Transit call, classified once so callers do not inspect HTTP codes. The message
 * names the operation and key only: Vault's response body is never included.
 */
public class TransitException extends RuntimeException {

    /** What the caller should do about it. */
    public enum Kind {
        /** Vault down, slow, sealed or overloaded: back off and try again; nothing is wrong with the message. */
        RETRYABLE,
        /** The tenant's key does not exist (never created, or destroyed: crypto-shredding). */
        KEY_MISSING,
        /** Anything else Vault refuses (permission, bad input): retrying cannot help. */
        PERMANENT
    }

    private final Kind kind;
    private final int httpStatus;

    public TransitException(Kind kind, String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    public Kind kind() {
        return kind;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return kind == Kind.RETRYABLE;
    }
}
