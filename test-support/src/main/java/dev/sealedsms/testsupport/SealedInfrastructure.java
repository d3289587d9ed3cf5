package dev.sealedsms.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers every Sealed SMS test shares: one Kafka cluster with the Sealed topics created, and
 * one OpenBao with Transit bootstrapped for tenants {@value #TENANT_ACME} and
 * {@value #TENANT_GLOBEX}. They start once per test JVM, on first {@link #get()}, on free ports,
 * and a shutdown hook stops them when the JVM exits, whether the tests passed or not.
 *
 * <p>How they run is chosen by {@link InfrastructureMode} ({@code SEALED_INFRA}): embedded (Kafka
 * in this JVM, {@code bao server -dev} as a child process) or Testcontainers; callers only see
 * {@link KafkaEndpoint} and {@link VaultEndpoint}.
 *
 * <p>Quarkus loads test resources in its own class loaders, one per application it starts, so a
 * plain static field would start one set of servers per Quarkus application. When this class is
 * loaded by any loader other than the system class loader, {@link #get()} therefore asks the system
 * class loader's copy for the servers' coordinates and returns a view of those servers; the system
 * copy owns them. Running the broker from the system class loader also keeps it independent of a
 * Quarkus class loader that is closed when its application stops.
 */
public final class SealedInfrastructure {

    public static final String TENANT_ACME = "acme";
    public static final String TENANT_GLOBEX = "globex";
    /** Tenants whose Transit keys exist from the start. */
    public static final List<String> TENANTS = List.of(TENANT_ACME, TENANT_GLOBEX);

    private static final Logger LOG = LoggerFactory.getLogger(SealedInfrastructure.class);

    private static final String KEY_MODE = "mode";
    private static final String KEY_KAFKA = "kafka.bootstrap";
    private static final String KEY_VAULT_ADDRESS = "vault.address";
    private static final String KEY_VAULT_ROOT = "vault.root-token";
    private static final String KEY_CRYPTO = "vault.token.crypto";
    private static final String KEY_DISPATCH = "vault.token.dispatch";
    private static final String KEY_POLICY = "vault.token.policy";

    private static SealedInfrastructure instance;
    private static RuntimeException startFailure;

    private final InfrastructureMode mode;
    private final KafkaEndpoint kafka;
    private final VaultEndpoint vault;
    private final ServiceTokens tokens;

    private SealedInfrastructure(InfrastructureMode mode, KafkaEndpoint kafka, VaultEndpoint vault,
            ServiceTokens tokens) {
        this.mode = mode;
        this.kafka = kafka;
        this.vault = vault;
        this.tokens = tokens;
    }

    /**
     * The shared servers, started on the first call. Thread-safe. If they fail to start, this and
     * every later call in the JVM fail at once with that first failure as cause, instead of each
     * test class waiting for the same failure again.
     */
    public static synchronized SealedInfrastructure get() {
        if (instance != null) {
            return instance;
        }
        if (startFailure != null) {
            throw new IllegalStateException("the shared test servers failed to start earlier in this JVM: "
                    + startFailure.getMessage(), startFailure);
        }
        try {
            SealedInfrastructure shared = sharedThroughSystemClassLoader();
            instance = shared != null ? shared : startOwned();
            return instance;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }

    /** How the servers run. */
    public InfrastructureMode mode() {
        return mode;
    }

    /** The Kafka cluster; every topic of {@code dev.sealedsms.events.Topics} exists. */
    public KafkaEndpoint kafka() {
        return kafka;
    }

    /** The OpenBao server; Transit is bootstrapped for {@link #TENANTS}. */
    public VaultEndpoint vault() {
        return vault;
    }

    /** The crypto-service, dispatch-service and policy-service tokens issued by the bootstrap. */
    public ServiceTokens tokens() {
        return tokens;
    }

    @Override
    public String toString() {
        return "SealedInfrastructure[" + mode + ", kafka=" + kafka.bootstrapServers() + ", vault=" + vault.address() + "]";
    }

    // ---- owning the servers --------------------------------------------------------------------

    private static SealedInfrastructure startOwned() {
        InfrastructureMode mode = InfrastructureMode.fromEnvironment();
        long started = System.nanoTime();
        List<AutoCloseable> running = new ArrayList<>();
        RuntimeException failure = null;

        // OpenBao and its bootstrap run beside the Kafka start-up: they share no state.
        CompletableFuture<VaultStart> vaultStart = CompletableFuture.supplyAsync(() -> startVault(mode));
        KafkaEndpoint kafka = null;
        try {
            kafka = startKafka(mode);
            running.add((AutoCloseable) kafka);
            kafka.createSealedTopics();
        } catch (RuntimeException e) {
            failure = e;
        }
        // Always wait for the vault, even after a Kafka failure: a vault that started must be stopped.
        VaultStart vault = null;
        try {
            vault = joinUnwrapped(vaultStart);
            running.add((AutoCloseable) vault.endpoint());
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            closeAll(running, failure);
            throw failure;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAtExit(running), "sealed-infrastructure-shutdown"));
        LOG.info("Sealed test infrastructure ({}) up in {} ms: Kafka {}, OpenBao {}, tenants {}", mode,
                (System.nanoTime() - started) / 1_000_000, kafka.bootstrapServers(), vault.endpoint().address(), TENANTS);
        return new SealedInfrastructure(mode, kafka, vault.endpoint(), vault.tokens());
    }

    private record VaultStart(VaultEndpoint endpoint, ServiceTokens tokens) {
    }

    /** Both implementations are {@link AutoCloseable}; the owner closes them. */
    private static KafkaEndpoint startKafka(InfrastructureMode mode) {
        return switch (mode) {
            case EMBEDDED -> KafkaBroker.start(1);
            case TESTCONTAINERS -> Containers.startKafka();
        };
    }

    /** Starts the vault and bootstraps it; closes it again if the bootstrap fails. */
    private static VaultStart startVault(InfrastructureMode mode) {
        VaultEndpoint vault = switch (mode) {
            case EMBEDDED -> OpenBaoDevServer.start();
            case TESTCONTAINERS -> Containers.startOpenBao();
        };
        try {
            return new VaultStart(vault, vault.bootstrap(TENANTS.toArray(String[]::new)));
        } catch (RuntimeException e) {
            closeAll(List.of((AutoCloseable) vault), e);
            throw e;
        }
    }

    private static VaultStart joinUnwrapped(CompletableFuture<VaultStart> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void closeAll(List<AutoCloseable> running, RuntimeException failure) {
        for (AutoCloseable server : running) {
            try {
                server.close();
            } catch (Exception closeFailure) {
                failure.addSuppressed(closeFailure);
            }
        }
    }

    /** Shutdown hooks must not throw into the JVM's exit; report instead. */
    private static void closeAtExit(List<AutoCloseable> running) {
        for (AutoCloseable server : running) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Sealed test-support: could not stop " + server + ": " + e);
            }
        }
    }

    // ---- sharing across class loaders -----------------------------------------------------------

    /**
     * Called reflectively on the system class loader's copy of this class; returns only JDK types so
     * that the caller, in another class loader, can read them.
     */
    @SuppressWarnings("unused")
    private static Map<String, String> coordinates() {
        SealedInfrastructure owned = get();
        return Map.of(
                KEY_MODE, owned.mode.name(),
                KEY_KAFKA, owned.kafka.bootstrapServers(),
                KEY_VAULT_ADDRESS, owned.vault.address(),
                KEY_VAULT_ROOT, owned.vault.rootToken(),
                KEY_CRYPTO, owned.tokens.crypto(),
                KEY_DISPATCH, owned.tokens.dispatch(),
                KEY_POLICY, owned.tokens.policy());
    }

    /** A view of the servers owned by the system class loader's copy, or null if this is that copy. */
    private static SealedInfrastructure sharedThroughSystemClassLoader() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        Class<?> shared;
        try {
            shared = Class.forName(SealedInfrastructure.class.getName(), true, system);
        } catch (ClassNotFoundException notOnSystemClassPath) {
            // E.g. Quarkus dev-mode continuous testing: this copy is the only one, so it owns the servers.
            LOG.debug("test-support is not on the system class path; servers are owned by {}",
                    SealedInfrastructure.class.getClassLoader());
            return null;
        }
        if (shared == SealedInfrastructure.class) {
            return null;
        }
        Map<String, String> coordinates = invokeCoordinates(shared);
        InfrastructureMode mode = InfrastructureMode.valueOf(coordinates.get(KEY_MODE));
        KafkaEndpoint kafka = new SharedKafka(coordinates.get(KEY_KAFKA));
        VaultEndpoint vault = new SharedVault(coordinates.get(KEY_VAULT_ADDRESS), coordinates.get(KEY_VAULT_ROOT));
        ServiceTokens tokens = new ServiceTokens(coordinates.get(KEY_CRYPTO), coordinates.get(KEY_DISPATCH),
                coordinates.get(KEY_POLICY));
        return new SealedInfrastructure(mode, kafka, vault, tokens);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> invokeCoordinates(Class<?> shared) {
        ClassLoader caller = Thread.currentThread().getContextClassLoader();
        try {
            Method coordinates = shared.getDeclaredMethod("coordinates");
            coordinates.setAccessible(true);
            // Threads the broker creates inherit this loader; it must be the long-lived system one.
            Thread.currentThread().setContextClassLoader(shared.getClassLoader());
            return (Map<String, String>) coordinates.invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("cannot start the shared test servers: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the shared test servers through " + shared, e);
        } finally {
            Thread.currentThread().setContextClassLoader(caller);
        }
    }

    private record SharedKafka(String bootstrapServers) implements KafkaEndpoint {
    }

    private record SharedVault(String address, String rootToken) implements VaultEndpoint {
        @Override
        public String toString() {
            return "SharedVault[address=" + address + ", rootToken=<redacted>]";
        }
    }
}
