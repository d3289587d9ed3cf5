package dev.sealedsms.events;

/**
 * A record that is not a valid event. Permanent: retrying cannot help, so consumers send the record
 * to the dead-letter topic with this message as the reason. The message never quotes the input.
 */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String safeReason) {
        super(safeReason);
    }
}
