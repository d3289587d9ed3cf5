package dev.sealedsms.events;

/** A message's lifecycle. Every accepted message ends with exactly one terminal status. */
public enum ReceiptStatus {
    ACCEPTED(false),
    REJECTED(true),
    SUBMITTED(false),
    DELIVERED(true),
    UNDELIVERED(true),
    EXPIRED(true),
    FAILED(true);

    private final boolean terminal;

    ReceiptStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** True when no later status can follow. */
    public boolean terminal() {
        return terminal;
    }
}
