package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.dispatch.config.SmppConfig;
import dev.sealedsms.dispatch.receipts.CorrelationStore;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Keeps submits idempotent across rebalances of {@value DispatchProcessor#SEALED_IN}: a replica
 * losing partitions first lets its in-flight submits on them finish (so their correlation records
 * exist), and a replica gaining partitions first reads the correlation topic to its end (so it sees
 * them). Runs on the consumer's polling thread.
 */
@ApplicationScoped
@Identifier(DispatchRebalance.NAME)
public class DispatchRebalance implements KafkaConsumerRebalanceListener {

    public static final String NAME = "dispatch-rebalance";
    private static final Logger LOG = Logger.getLogger(DispatchRebalance.class);

    @Inject
    CorrelationStore store;
    @Inject
    DispatchProcessor processor;
    @Inject
    SmppConfig smpp;

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        own(consumer, partitions);
        long deadline = System.nanoTime() + smpp.responseTimeout().multipliedBy(2).toNanos();
        while (processor.inFlight(partitions) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        int left = processor.inFlight(partitions);
        if (left > 0) {
            LOG.warnf("SD0008 %d submits still in flight on revoked partitions; the next owner may submit them again", left);
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        store.awaitCaughtUp(Duration.ofSeconds(30));
        own(consumer, java.util.List.of());
    }

    /**
     * This replica looks after (orphan receipts, expiry) the pending messages whose sms.sealed
     * partition it is assigned now, less {@code leaving}: one replica per message, by Kafka's own
     * assignment, and another takes over after a rebalance or crash. The partition of a message is
     * the one the producers' default partitioner gives its key, the message id.
     */
    private void own(Consumer<?, ?> consumer, Collection<TopicPartition> leaving) {
        java.util.Set<Integer> owned = new java.util.HashSet<>();
        String topic = null;
        for (TopicPartition tp : consumer.assignment()) {
            if (!leaving.contains(tp)) {
                owned.add(tp.partition());
                topic = tp.topic();
            }
        }
        if (topic == null) {
            store.ownedBy(id -> false);
            return;
        }
        int count = consumer.partitionsFor(topic).size();
        store.ownedBy(id -> owned.contains(org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % count));
        LOG.debugf("SD0011 looking after messages of %s partitions %s of %d", topic, owned, count);
    }
}
