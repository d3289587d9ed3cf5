package dev.sealedsms.envelope;

/**
 * Sees every request {@link TransitClient} makes to Vault, or would have made had its circuit
 * breaker not refused it: the hook through which a service counts and times its Vault calls
 * without this library depending on a metrics API (the Micrometer adapter is
 * {@code cdi.VaultMetrics}, used only where Micrometer is present).
 *
 * <p>Called on the caller's thread, once per attempt (a call retried after an outage reports each
 * try). Implementations must be fast and must not throw. They never receive a key name, an input
 * or a response: those may identify a tenant's recipient.
 */
public interface TransitObserver {

    /** The Transit operation; bounded, safe as a metric label. */
    enum Operation {
        DATAKEY("datakey"), DECRYPT("decrypt"), HMAC("hmac"), HMAC_BATCH("hmac batch");

        private final String label;

        Operation(String label) {
            this.label = label;
        }

        /** How log lines and errors name it. */
        public String label() {
            return label;
        }
    }

    /** How one attempt ended. */
    enum Outcome {
        /** Vault answered with the result. */
        OK,
        /** Vault answered with a refusal: missing key, permission, bad input. Vault itself is up. */
        ERROR,
        /** Vault could not be reached, was too slow, sealed or overloaded (a retryable failure). */
        UNAVAILABLE,
        /** Not sent: the circuit breaker is open. */
        CIRCUIT_OPEN
    }

    /** Does nothing: the observer of a client nobody watches. */
    TransitObserver NONE = new TransitObserver() {
        @Override
        public void requested(Operation operation, Outcome outcome, long nanos) {
        }
    };

    /**
     * One attempt ended.
     *
     * @param nanos how long the request to Vault took; 0 for {@link Outcome#CIRCUIT_OPEN}
     */
    void requested(Operation operation, Outcome outcome, long nanos);

    /** The breaker of the client this observer watches, given once when the client is built. */
    default void watching(CircuitBreaker breaker) {
    }
}
