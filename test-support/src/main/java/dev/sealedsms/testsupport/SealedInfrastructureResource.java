package dev.sealedsms.testsupport;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus service under test at the shared {@link SealedInfrastructure}:
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = SealedInfrastructureResource.class,
 *         initArgs = @ResourceArg(name = SealedInfrastructureResource.SERVICE, value = "crypto"))
 * class SealingTest { … }
 * }</pre>
 *
 * <p>Arg {@value #SERVICE} names the service: {@code policy}, {@code crypto} or {@code dispatch}.
 * Every service gets {@value #KAFKA_BOOTSTRAP} and also {@value #VAULT_ADDRESS}
 * and {@value #VAULT_TOKEN}, holding that service's own least-privilege token, never the root
 * token. {@link #stop()} leaves the servers running for the next test class; they stop when the
 * JVM exits.
 */
public class SealedInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg naming the service under test. */
    public static final String SERVICE = "service";

    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";
    public static final String VAULT_ADDRESS = "sealed.vault.address";
    public static final String VAULT_TOKEN = "sealed.vault.token";

    /** The services a test can stand in for, each with what it may see. */
    public enum Service {
        /** Kafka, and Vault with the {@code sealed-policy} token (recipient HMACs only, for consent). */
        POLICY,
        /** Kafka, and Vault with the {@code sealed-crypto} token. */
        CRYPTO,
        /** Kafka, and Vault with the {@code sealed-dispatch} token. */
        DISPATCH;

        /** {@code value} as written in {@code @ResourceArg}, case-insensitive. */
        public static Service parse(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("SealedInfrastructureResource needs initArgs = @ResourceArg(name = \""
                        + SERVICE + "\", value = …), one of " + allowed());
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("SealedInfrastructureResource: unknown " + SERVICE + " '" + value
                        + "', expected one of " + allowed(), e);
            }
        }

        private static String allowed() {
            return Arrays.stream(values()).map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
    }

    private Service service;

    @Override
    public void init(Map<String, String> initArgs) {
        service = Service.parse(initArgs.get(SERVICE));
    }

    @Override
    public Map<String, String> start() {
        if (service == null) {
            // Quarkus calls init() only when the annotation has initArgs.
            service = Service.parse(null);
        }
        return configFor(service, SealedInfrastructure.get());
    }

    /** The Quarkus configuration that points {@code service} at {@code infrastructure}. */
    public static Map<String, String> configFor(Service service, SealedInfrastructure infrastructure) {
        Map<String, String> config = new HashMap<>();
        config.put(KAFKA_BOOTSTRAP, infrastructure.kafka().bootstrapServers());
        switch (service) {
            case POLICY -> {
                config.put(VAULT_ADDRESS, infrastructure.vault().address());
                config.put(VAULT_TOKEN, infrastructure.tokens().policy());
            }
            case CRYPTO -> {
                config.put(VAULT_ADDRESS, infrastructure.vault().address());
                config.put(VAULT_TOKEN, infrastructure.tokens().crypto());
            }
            case DISPATCH -> {
                config.put(VAULT_ADDRESS, infrastructure.vault().address());
                config.put(VAULT_TOKEN, infrastructure.tokens().dispatch());
            }
        }
        return config;
    }

    /** The shared servers outlive each test class; {@link SealedInfrastructure}'s shutdown hook stops them. */
    @Override
    public void stop() {
    }
}
