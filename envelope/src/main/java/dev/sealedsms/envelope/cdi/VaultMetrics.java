package dev.sealedsms.envelope.cdi;

import dev.sealedsms.envelope.CircuitBreaker;
import dev.sealedsms.envelope.TransitObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Micrometer meters for a service's Vault client (docs/metrics.md):
 * <ul>
 * <li>{@code sealed_vault_requests_total{operation,outcome}}: every attempt, including those the
 * open circuit refused;
 * <li>{@code sealed_vault_request_seconds{operation,outcome}}: how long the attempts that reached
 * Vault took (a percentiles histogram);
 * <li>{@code sealed_vault_circuit_state}: 0 closed, 1 half-open (a trial call may go), 2 open.
 * </ul>
 * Labels are the bounded operation and outcome names only, never a key name (it names a tenant's
 * key, which the service's other metrics label as {@code tenant} where wanted) or anything sent.
 *
 * <p>Not a bean by itself: {@link TransitClientProducer} builds one when the service has a
 * {@link MeterRegistry}, so this library stays usable without Micrometer or CDI.
 */
public final class VaultMetrics implements TransitObserver {

    public static final String REQUESTS = "sealed.vault.requests";
    public static final String REQUEST_TIME = "sealed.vault.request";
    public static final String CIRCUIT_STATE = "sealed.vault.circuit.state";

    private final MeterRegistry registry;
    private final Map<Operation, Map<Outcome, Counter>> counters = new EnumMap<>(Operation.class);
    private final Map<Operation, Map<Outcome, Timer>> timers = new EnumMap<>(Operation.class);

    public VaultMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Every series exists from the start, at 0, so rates and alerts see a first error.
        for (Operation op : Operation.values()) {
            Map<Outcome, Counter> c = new EnumMap<>(Outcome.class);
            Map<Outcome, Timer> t = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                c.put(outcome, Counter.builder(REQUESTS)
                        .description("Vault Transit requests by operation and outcome, including those refused by the open circuit")
                        .tag("operation", label(op)).tag("outcome", label(outcome)).register(registry));
                if (outcome != Outcome.CIRCUIT_OPEN) {
                    t.put(outcome, Timer.builder(REQUEST_TIME)
                            .description("Time of Vault Transit requests that reached Vault")
                            .tag("operation", label(op)).tag("outcome", label(outcome))
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1))
                            .maximumExpectedValue(Duration.ofSeconds(30))
                            .register(registry));
                }
            }
            counters.put(op, c);
            timers.put(op, t);
        }
    }

    @Override
    public void requested(Operation operation, Outcome outcome, long nanos) {
        counters.get(operation).get(outcome).increment();
        Timer t = timers.get(operation).get(outcome);
        if (t != null) {
            t.record(Duration.ofNanos(nanos));
        }
    }

    @Override
    public void watching(CircuitBreaker breaker) {
        Gauge.builder(CIRCUIT_STATE, breaker, b -> switch (b.state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        }).description("Vault circuit breaker: 0 closed, 1 half-open, 2 open").strongReference(true).register(registry);
    }

    /** Prometheus-style label values: datakey, decrypt, hmac, hmac_batch; ok, error, unavailable, circuit_open. */
    static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
