package dev.sealedsms.policy.status;

import dev.sealedsms.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The status API's view of {@value Topics#RECEIPTS} ({@link StatusLedger}). Loads in the background
 * at start-up, so a long window does not hold up the other start-up steps; readiness
 * {@code status-view} ({@link StatusReadiness}) is DOWN until it has read the window as of start-up
 * and whenever its reader stops.
 */
@ApplicationScoped
public class StatusView {

    private static final Logger LOG = Logger.getLogger(StatusView.class);

    private final StatusConfig config;
    private final String bootstrap;
    private volatile StatusLedger ledger;
    private volatile Thread loader;

    StatusView(StatusConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.config = config;
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent event) {
        StatusLedger l = new StatusLedger(bootstrap, Topics.RECEIPTS, config.window(), config.maxMessages(),
                Clock.systemUTC());
        loader = Thread.ofPlatform().daemon().name("policy-status-view-load").start(() -> {
            try {
                ledger = l.start(config.loadTimeout());
            } catch (RuntimeException e) {
                LOG.errorf("SP0504 status view not loaded (%s); readiness stays DOWN", e.getMessage());
                l.close();
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        StatusLedger l = ledger;
        if (l != null) {
            l.close();
        }
    }

    /** True once loaded and while its reader runs. */
    public boolean ready() {
        StatusLedger l = ledger;
        return l != null && l.ready();
    }

    /**
     * The lifecycle of {@code messageId} for a caller of {@code tenant}, waiting briefly for the view
     * to catch up when it does not know the message yet (read-your-writes).
     *
     * @throws IllegalStateException while the view is not loaded
     */
    public Optional<MessageStatus> find(String tenant, String messageId) {
        StatusLedger l = ledger;
        if (l == null || !l.ready()) {
            throw new IllegalStateException("status view not loaded");
        }
        return l.find(tenant, messageId, config.readYourWritesWait());
    }
}
