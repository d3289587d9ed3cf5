package dev.sealedsms.dispatch.throughput;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How many dispatch replicas share the carriers' limits: the members of dispatch's consumer group
 * as the Kafka group coordinator reports them, refreshed every few seconds. Kafka is the only
 * shared state; during a rebalance the count can lag by one refresh, so the sum briefly over- or
 * undershoots by one replica's share (see DESIGN.md).
 */
@ApplicationScoped
public class ReplicaCount {

    private static final Logger LOG = Logger.getLogger(ReplicaCount.class);
    private static final long REFRESH_SECONDS = 5;

    private final String bootstrap;
    private final String group;
    private volatile int members = 1;
    private ScheduledExecutorService refresher;
    private Admin admin;

    ReplicaCount(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "mp.messaging.incoming.sealed-in.group.id", defaultValue = "dispatch-service") String group) {
        this.bootstrap = bootstrap;
        this.group = group;
    }

    void start(@Observes StartupEvent e) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "dispatch-replica-count"));
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dispatch-replica-count");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        if (admin != null) {
            admin.close();
        }
    }

    /** Live replicas, at least 1. */
    public int get() {
        return members;
    }

    private void refresh() {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(5, TimeUnit.SECONDS);
            int n = Math.max(1, d.members().size());
            if (n != members) {
                LOG.infof("SD0401 dispatch replicas in group %s: %d (carrier limits shared %d ways)", group, n, n);
            }
            members = n;
        } catch (Exception ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf("SD0402 replica count not refreshed (%s); keeping %d", ex.getClass().getSimpleName(), members);
        }
    }
}
