package dev.sealedsms.policy.callback;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Status callbacks, wired: the registry ({@value Topics#POLICY_CALLBACKS}, read whole by every
 * replica), the deliverer (group on {@value Topics#RECEIPTS} and {@value Topics#POLICY_CALLBACKS_RETRY}),
 * registration writes, per-client health records and the {@code sealed_callbacks_total} counter
 * (tags {@code client}, {@code outcome}; never a URL). Readiness {@code callback-registry}.
 */
@ApplicationScoped
public class CallbackService implements CallbackDeliverer.Outcomes {

    private static final Logger LOG = Logger.getLogger(CallbackService.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final CallbackConfig config;
    private final Map<String, Object> kafkaConfig;
    private final String bootstrap;
    private final MeterRegistry meters;
    private final dev.sealedsms.policy.config.ActivePolicy policy;
    private final CallbackSigner signer;
    private final CallbackUrls urls;
    private final Map<String, HealthState> health = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private volatile CallbackRegistry registry;
    private volatile CallbackDeliverer deliverer;
    private KafkaProducer<String, byte[]> producer;
    private ScheduledExecutorService flusher;

    CallbackService(CallbackConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, MeterRegistry meters,
            dev.sealedsms.policy.config.ActivePolicy policy) {
        this.policy = policy;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.bootstrap = bootstrap;
        this.meters = meters;
        // Bad settings stop the service at start-up with the setting's name.
        this.signer = new CallbackSigner(config.signingKey());
        this.urls = new CallbackUrls(config.insecureHosts().orElse(List.of()), config.allowPrivateNetworks());
        if (config.perClientConcurrency() < 1 || config.perClientQueue() < 1 || config.maxScheduled() < 1) {
            throw new IllegalStateException("sealed.callbacks.per-client-concurrency, per-client-queue and "
                    + "max-scheduled must be at least 1");
        }
        if (config.retryInitial().isNegative() || config.retryInitial().isZero()
                || config.retryMax().compareTo(config.retryInitial()) < 0) {
            throw new IllegalStateException("sealed.callbacks.retry-initial must be positive and at most retry-max");
        }
    }

    void start(@Observes StartupEvent event) throws InterruptedException {
        registerCounters();
        if (config.createTopics()) {
            createTopics();
        }
        Map<String, Object> p = new HashMap<>(kafkaConfig);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "policy-callbacks-producer-" + Long.toHexString(System.nanoTime()));
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        registry = new CallbackRegistry(bootstrap, Topics.POLICY_CALLBACKS).start(config.loadTimeout());
        deliverer = new CallbackDeliverer(kafkaConfig, config.group(), new CallbackDeliverer.Settings(config.timeout(),
                config.perClientConcurrency(), config.perClientQueue(), config.retryInitial(), config.retryMax(),
                config.giveUpAfter(), config.maxScheduled()), registry, signer, urls, producer, this)
                .start(Duration.ofSeconds(30));
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "policy-callbacks-health");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushHealth, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (deliverer != null) {
            deliverer.close();
        }
        if (flusher != null) {
            flusher.shutdownNow();
            flushHealth();
        }
        if (registry != null) {
            registry.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    public boolean ready() {
        CallbackRegistry r = registry;
        return r != null && r.ready();
    }

    public CallbackUrls urls() {
        return urls;
    }

    public CallbackRegistration registration(String clientId) {
        return registry().registration(clientId);
    }

    public CallbackHealth health(String clientId) {
        return registry().health(clientId);
    }

    /** The signing secret of a registration (shown once, at registration). */
    public String secret(CallbackRegistration r) {
        return signer.secret(r.clientId(), r.registrationId());
    }

    /**
     * Writes {@code value} (null: a tombstone) under {@code key} and waits until it is durable and
     * this replica's registry has read it, so the caller's next request on this replica sees it.
     */
    public void write(String key, Object value) throws ExecutionException, TimeoutException, InterruptedException {
        RecordMetadata md = producer.send(new ProducerRecord<>(Topics.POLICY_CALLBACKS, key,
                value == null ? null : EventJson.write(value))).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        registry().awaitRead(new TopicPartition(md.topic(), md.partition()), md.offset(), Duration.ofSeconds(2));
    }

    private CallbackRegistry registry() {
        CallbackRegistry r = registry;
        if (r == null || !r.ready()) {
            throw new IllegalStateException("callback registry not loaded");
        }
        return r;
    }

    // ---- outcomes: metrics and health ------------------------------------------------------------

    private Counter counter(String clientId, CallbackDeliverer.Outcome outcome) {
        return Counter.builder("sealed.callbacks")
                .description("Status callback outcomes: delivered, failed (an attempt), retrying (queued on the "
                        + "retry topic), abandoned (after the retry period)")
                .tag("client", clientId)
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(meters);
    }

    /** Every sending client's series exist from the start, at 0, so rates and alerts see no gap. */
    private void registerCounters() {
        policy.current().config().clients().forEach((id, c) -> {
            if (c.role() == dev.sealedsms.policy.config.PolicyConfig.Role.SENDER) {
                for (CallbackDeliverer.Outcome o : CallbackDeliverer.Outcome.values()) {
                    counter(id, o);
                }
            }
        });
    }

    @Override
    public void record(String clientId, CallbackDeliverer.Outcome outcome, Integer httpStatus, String error) {
        counter(clientId, outcome).increment();
        if (outcome == CallbackDeliverer.Outcome.RETRYING) {
            return;
        }
        HealthState h = health.computeIfAbsent(clientId, c -> new HealthState(registry.health(c)));
        synchronized (h) {
            h.update(outcome, httpStatus, error, Instant.now());
        }
        dirty.add(clientId);
    }

    private void flushHealth() {
        for (String client : List.copyOf(dirty)) {
            dirty.remove(client);
            HealthState h = health.get(client);
            CallbackHealth snapshot;
            synchronized (h) {
                snapshot = h.snapshot(client);
            }
            producer.send(new ProducerRecord<>(Topics.POLICY_CALLBACKS, CallbackHealth.key(client),
                    EventJson.write(snapshot)), (md, e) -> {
                        if (e != null) {
                            LOG.warnf("SP0620 callback health of client %s not written (%s)", client,
                                    e.getClass().getSimpleName());
                            dirty.add(client);
                        }
                    });
        }
    }

    /** This replica's running health of one client, carried on from the latest record it had read. */
    private static final class HealthState {
        Instant lastAttemptAt;
        String lastOutcome;
        Integer lastStatusCode;
        String lastError;
        Instant lastSuccessAt;
        Instant lastFailureAt;
        long consecutiveFailures;
        long failedAttempts;
        long delivered;
        long abandoned;

        HealthState(CallbackHealth known) {
            if (known != null) {
                lastAttemptAt = known.lastAttemptAt();
                lastOutcome = known.lastOutcome();
                lastStatusCode = known.lastStatusCode();
                lastError = known.lastError();
                lastSuccessAt = known.lastSuccessAt();
                lastFailureAt = known.lastFailureAt();
                consecutiveFailures = known.consecutiveFailures();
                failedAttempts = known.failedAttempts();
                delivered = known.delivered();
                abandoned = known.abandoned();
            }
        }

        void update(CallbackDeliverer.Outcome outcome, Integer status, String error, Instant now) {
            switch (outcome) {
                case DELIVERED -> {
                    lastAttemptAt = now;
                    lastSuccessAt = now;
                    lastStatusCode = status;
                    consecutiveFailures = 0;
                    delivered++;
                }
                case FAILED -> {
                    lastAttemptAt = now;
                    lastFailureAt = now;
                    lastStatusCode = status;
                    lastError = error;
                    consecutiveFailures++;
                    failedAttempts++;
                }
                case ABANDONED -> abandoned++;
                case RETRYING -> {
                }
            }
            lastOutcome = outcome.name();
        }

        CallbackHealth snapshot(String client) {
            return new CallbackHealth(CallbackHealth.SCHEMA_VERSION, client, lastAttemptAt, lastOutcome,
                    lastStatusCode, lastError, lastSuccessAt, lastFailureAt, consecutiveFailures, failedAttempts,
                    delivered, abandoned);
        }
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            short replicas = (short) Math.min(3, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
            List<NewTopic> topics = List.of(
                    new NewTopic(Topics.POLICY_CALLBACKS, 3, replicas).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(Topics.POLICY_CALLBACKS_RETRY, 3, replicas));
            for (var f : admin.createTopics(topics).values().values()) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof org.apache.kafka.common.errors.TopicAuthorizationException) {
                        LOG.infof("SP0614 not allowed to create the callback topics; expecting them to exist");
                    } else if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create the callback topics: " + e.getCause(), e);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot reach Kafka to create the callback topics: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating the callback topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create the callback topics: " + e, e);
        }
    }
}
