package dev.sealedsms.envelope.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.envelope.Backoff;
import dev.sealedsms.envelope.CircuitBreaker;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitException;
import dev.sealedsms.envelope.TransitKeys;
import dev.sealedsms.envelope.auth.VaultLogin;
import dev.sealedsms.envelope.auth.VaultSession;
import dev.sealedsms.testsupport.FreePorts;
import dev.sealedsms.testsupport.SealedInfrastructure;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Vault calls as the services' metrics see them, against a real OpenBao and a dead address. */
class VaultMetricsIT {

    private static final Duration OPEN = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(10);

    private final SealedInfrastructure infra = SealedInfrastructure.get();
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private TransitClient client(String address, String token, CircuitBreaker breaker) {
        return new TransitClient(new VaultSession(address, new VaultLogin.Token(token), OPEN, READ, Duration.ofMinutes(1)),
                "transit", new TransitClient.Resilience(3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)),
                        breaker), new VaultMetrics(registry));
    }

    @Test
    void countsAndTimesEachOperationByOutcome() {
        try (TransitClient crypto = client(infra.vault().address(), infra.tokens().crypto(),
                new CircuitBreaker(5, Duration.ofSeconds(5)))) {
            crypto.newDataKey(TransitKeys.dataKey("acme"));
            crypto.newDataKey(TransitKeys.dataKey("acme"));
            crypto.hmac(TransitKeys.recipientKey("acme"), "+447400000001");
            crypto.hmacBatch(TransitKeys.recipientKey("acme"), List.of("+447400000002", "+447400000003"));
            String missing = TransitKeys.dataKey("none-" + UUID.randomUUID().toString().substring(0, 8));
            assertThrows(TransitException.class, () -> crypto.newDataKey(missing));

            assertEquals(2, count("datakey", "ok"));
            assertEquals(1, count("datakey", "error"), "a missing key is Vault refusing, not an outage");
            assertEquals(1, count("hmac", "ok"));
            assertEquals(1, count("hmac_batch", "ok"));
            assertEquals(0, count("decrypt", "ok"));
            assertEquals(2, registry.get(VaultMetrics.REQUEST_TIME).tags("operation", "datakey", "outcome", "ok").timer()
                    .count());
            assertTrue(registry.get(VaultMetrics.REQUEST_TIME).tags("operation", "datakey", "outcome", "ok").timer()
                    .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
            assertEquals(0.0, registry.get(VaultMetrics.CIRCUIT_STATE).gauge().value());
        }
    }

    @Test
    void anOutageCountsEachFailedTryThenTheRefusalsOfTheOpenCircuit() {
        int port = FreePorts.next(); // nothing listens there
        try (TransitClient c = client("http://127.0.0.1:" + port, "unused", new CircuitBreaker(3, Duration.ofMinutes(1)))) {
            assertThrows(TransitException.class, () -> c.decryptDataKey("sms-dek-acme", "vault:v1:x"));
            assertThrows(TransitException.class, () -> c.decryptDataKey("sms-dek-acme", "vault:v1:x"));

            assertEquals(3, count("decrypt", "unavailable"), "three tries, then the breaker opened");
            assertEquals(1, count("decrypt", "circuit_open"));
            assertEquals(0, count("decrypt", "ok"));
            assertEquals(2.0, registry.get(VaultMetrics.CIRCUIT_STATE).gauge().value(), "open");
        }
    }

    @Test
    void noLabelNamesAKeyOrAnInput() {
        try (TransitClient crypto = client(infra.vault().address(), infra.tokens().crypto(),
                new CircuitBreaker(5, Duration.ofSeconds(5)))) {
            crypto.hmac(TransitKeys.recipientKey("acme"), "+447400999111");
        }
        for (Meter m : registry.getMeters()) {
            String id = m.getId().toString();
            assertTrue(!id.contains("acme") && !id.contains("447400999111") && !id.contains("sms-"), id);
        }
    }

    private double count(String operation, String outcome) {
        return registry.get(VaultMetrics.REQUESTS).tags("operation", operation, "outcome", outcome).counter().count();
    }
}
