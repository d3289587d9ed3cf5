package dev.sealedsms.testsupport;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.BrokerServer;

/**
 * A real KRaft Kafka cluster inside the test JVM, run by Kafka's own {@code KafkaClusterTestKit}
 * (the harness Kafka tests itself with). One broker runs as a combined broker + controller node;
 * more brokers get one dedicated controller beside them. Plaintext listeners, advertised as
 * {@code 127.0.0.1} on ephemeral ports; data under {@code target/sealed-test-servers/}, deleted on
 * {@link #close()}.
 *
 * <p>The test kit pre-binds each listener's socket on the wildcard address before the broker
 * starts (so the port is known early and cannot be stolen); clients are only ever given
 * {@code 127.0.0.1}.
 *
 * <p>Broker ids are {@code 0..brokers-1}; the dedicated controller, when there is one, is 3000.
 */
public final class KafkaBroker implements KafkaEndpoint, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    /** The test kit's ids: brokers from 0, dedicated controllers from 3000 (TestKitDefaults). */
    private static final int FIRST_BROKER_ID = 0;
    private static final int FIRST_CONTROLLER_ID = 3000;
    private static final String BROKER_LISTENER = "EXTERNAL";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String HOST = "127.0.0.1";

    private final KafkaClusterTestKit cluster;
    private final int brokerCount;
    private final SortedSet<Integer> running;
    private boolean closed;

    private KafkaBroker(KafkaClusterTestKit cluster, int brokerCount) {
        this.cluster = cluster;
        this.brokerCount = brokerCount;
        this.running = new TreeSet<>(cluster.brokers().keySet());
    }

    /**
     * Formats and starts a cluster of {@code brokers} brokers and returns once every broker is
     * registered, unfenced and has caught up with the metadata log.
     *
     * @param brokers 1 for a single combined node; 2 or more for that many brokers plus one controller
     */
    public static KafkaBroker start(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a Kafka cluster needs at least one broker, asked for " + brokers);
        }
        BrokerLogging.quiet();
        long started = System.nanoTime();
        boolean combined = brokers == 1;
        Path dataDir = RepoPaths.scratchDirectory("kafka-");
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(combined)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(brokers)
                .setBaseDirectory(dataDir)
                .setPerServerProperties(listenersOnLoopback(brokers, combined))
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        serverConfig(brokers).forEach(builder::setConfigProp);

        // Broker threads inherit the context class loader of the thread that creates them, and Kafka
        // loads configured classes through it: it must be ours, not a short-lived Quarkus one.
        Thread current = Thread.currentThread();
        ClassLoader callerLoader = current.getContextClassLoader();
        current.setContextClassLoader(KafkaBroker.class.getClassLoader());
        KafkaClusterTestKit cluster;
        try {
            cluster = builder.build();
        } catch (Exception e) {
            current.setContextClassLoader(callerLoader);
            throw new IllegalStateException("cannot configure an in-JVM Kafka cluster of " + brokers
                    + " broker(s) in " + dataDir + ": " + e.getMessage(), e);
        }
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException("in-JVM Kafka cluster of " + brokers
                    + " broker(s) did not start (data in " + dataDir + "): " + e.getMessage(), e);
            closeAfterFailure(cluster, failure);
            if (e instanceof InterruptedException) {
                current.interrupt();
            }
            throw failure;
        } finally {
            current.setContextClassLoader(callerLoader);
        }
        KafkaBroker broker = new KafkaBroker(cluster, brokers);
        LOG.info("Kafka started in {} ms: {} broker(s) at {}", (System.nanoTime() - started) / 1_000_000,
                brokers, broker.bootstrapServers());
        return broker;
    }

    /** Listeners on 127.0.0.1 with port 0, which the test kit replaces with its pre-bound port. */
    private static Map<Integer, Map<String, String>> listenersOnLoopback(int brokers, boolean combined) {
        Map<Integer, Map<String, String>> perServer = new HashMap<>();
        String brokerListener = BROKER_LISTENER + "://" + HOST + ":0";
        String controllerListener = CONTROLLER_LISTENER + "://" + HOST + ":0";
        if (combined) {
            perServer.put(FIRST_BROKER_ID, Map.of("listeners", brokerListener + "," + controllerListener));
            return perServer;
        }
        for (int i = 0; i < brokers; i++) {
            perServer.put(FIRST_BROKER_ID + i, Map.of("listeners", brokerListener));
        }
        perServer.put(FIRST_CONTROLLER_ID, Map.of("listeners", controllerListener));
        return perServer;
    }

    /** Internal topics sized to the cluster, and no waits that only make sense in production. */
    private static Map<String, Object> serverConfig(int brokers) {
        String replication = Integer.toString(Math.min(3, brokers));
        String minIsr = Integer.toString(Math.min(2, brokers));
        Map<String, Object> config = new HashMap<>();
        config.put("default.replication.factor", replication);
        config.put("offsets.topic.replication.factor", replication);
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", replication);
        config.put("transaction.state.log.min.isr", minIsr);
        config.put("transaction.state.log.num.partitions", "5");
        config.put("share.coordinator.state.topic.replication.factor", replication);
        config.put("share.coordinator.state.topic.min.isr", minIsr);
        // A new consumer group rebalances at once instead of waiting 3 s for more members.
        config.put("group.initial.rebalance.delay.ms", "0");
        return config;
    }

    @Override
    public synchronized String bootstrapServers() {
        ensureOpen();
        ListenerName listener = ListenerName.normalised(BROKER_LISTENER);
        return running.stream()
                .map(id -> HOST + ":" + cluster.brokers().get(id).boundPort(listener))
                .collect(Collectors.joining(","));
    }

    /** How many brokers the cluster was started with (including any shut down since). */
    public int brokerCount() {
        return brokerCount;
    }

    /** Ids of the brokers that are running. */
    public synchronized List<Integer> runningBrokerIds() {
        return List.copyOf(running);
    }

    /**
     * Stops broker {@code id} (a controlled shutdown: leadership moves first), for tests of what
     * clients do when a broker goes away. It is not restarted. With a single combined node this
     * stops the broker side only; the controller keeps running until {@link #close()}.
     */
    public synchronized void shutdownBroker(int id) {
        ensureOpen();
        BrokerServer broker = cluster.brokers().get(id);
        if (broker == null) {
            throw new IllegalArgumentException("no broker " + id + "; brokers are " + cluster.brokers().keySet());
        }
        if (!running.remove(id)) {
            throw new IllegalStateException("broker " + id + " is already shut down");
        }
        broker.shutdown();
        broker.awaitShutdown();
        LOG.info("Kafka broker {} shut down; still running: {}", id, running);
    }

    /** Stops every broker and controller and deletes their data. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        running.clear();
        cluster.close();
        LOG.debug("Kafka cluster closed");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the Kafka cluster is closed");
        }
    }

    private static void closeAfterFailure(KafkaClusterTestKit cluster, Exception failure) {
        try {
            cluster.close();
        } catch (Exception closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }
}
