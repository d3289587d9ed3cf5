package dev.sealedsms.envelope;

/**
 * An envelope that does not open: it was altered, or moved to another message. Permanent; the
 * message must never reach a carrier.
 */
public class EnvelopeTamperedException extends RuntimeException {

    public EnvelopeTamperedException(String reason) {
        super(reason);
    }
}
