package dev.sealedsms.envelope;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A small circuit breaker for the Vault client. After {@code failureThreshold} consecutive outage
 * failures it opens: calls fail at once, without touching Vault, for {@code openDuration}; then one
 * trial call is let through (half-open). Its success closes the breaker, its failure opens it again.
 *
 * <p>Why our own: {@code quarkus-smallrye-fault-tolerance} does not resolve at Quarkus 3.37.1 on our
 * mirror (docs/build.md), and the envelope jar is shared by a CLI that has no CDI. Only outages
 * count as failures: a missing key or a refused request says nothing about Vault's health.
 */
public final class CircuitBreaker {

    /** Where the breaker is; {@link #CLOSED} is the healthy state. */
    public enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final int failureThreshold;
    private final Duration openDuration;
    private final Clock clock;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt = Instant.EPOCH;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, Duration openDuration) {
        this(failureThreshold, openDuration, Clock.systemUTC());
    }

    public CircuitBreaker(int failureThreshold, Duration openDuration, Clock clock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1");
        }
        if (openDuration.isNegative()) {
            throw new IllegalArgumentException("openDuration must not be negative");
        }
        this.failureThreshold = failureThreshold;
        this.openDuration = openDuration;
        this.clock = clock;
    }

    /**
     * Whether a call may go to Vault now. Every {@code true} must be followed by
     * {@link #onSuccess()} or {@link #onFailure()}; a {@code true} in the half-open state is the one
     * trial call, others are refused until it reports.
     */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (clock.instant().isBefore(openedAt.plus(openDuration))) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            case HALF_OPEN:
            default:
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
        }
    }

    /** The call reached Vault and Vault answered (a refusal of the request itself counts as an answer). */
    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        trialInFlight = false;
        state = State.CLOSED;
    }

    /** The call failed because Vault was unreachable, slow, sealed or overloaded. */
    public synchronized void onFailure() {
        trialInFlight = false;
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.instant();
        }
    }

    public synchronized State state() {
        // An open breaker whose wait is over is, for a reader, ready for its trial.
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openDuration))) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
