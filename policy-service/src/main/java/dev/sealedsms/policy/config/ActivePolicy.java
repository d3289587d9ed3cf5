package dev.sealedsms.policy.config;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The policy in force, and its reloading. At start-up a bad document stops the service with every
 * problem named; afterwards the file is polled and a changed document replaces the policy only if it
 * is valid. A bad one is logged (SP0011) and the running policy stays.
 *
 * <p>Polling the content hash, not a file watch: Kubernetes updates a mounted ConfigMap by swapping
 * a symlink to a new directory, which WatchService misses on many file systems; comparing content
 * also ignores touches and sees every real edit.
 */
@Startup
@ApplicationScoped
public class ActivePolicy {

    private static final Logger LOG = Logger.getLogger(ActivePolicy.class);

    /** What one reload attempt did. */
    public enum Reload {
        /** The document is the active one (or the bad one already reported). */
        UNCHANGED,
        /** A new valid document is now active. */
        RELOADED,
        /** The document changed but is invalid or unreadable; the previous policy stays. */
        REJECTED
    }

    private final Path file;
    private final Duration interval;
    private final AtomicReference<LoadedPolicy> current = new AtomicReference<>();
    /** The version of the last document refused, so that it is reported once, not every poll. */
    private volatile String refused;
    private ScheduledExecutorService poller;

    @Inject
    public ActivePolicy(PolicySource source) {
        this(source.file(), source.reloadInterval());
    }

    public ActivePolicy(Path file, Duration interval) {
        this.file = file;
        this.interval = interval;
        try {
            current.set(LoadedPolicy.of(PolicyDocuments.read(file)));
        } catch (InvalidPolicyException e) {
            // Start-up refuses: there is no good policy to keep.
            throw new IllegalStateException(e.getMessage(), e);
        }
        LOG.infof("SP0010 policy %s loaded from %s", current.get().version(), file);
    }

    /** The policy in force. Take it once per decision so that a decision sees one version throughout. */
    public LoadedPolicy current() {
        return current.get();
    }

    /** Reads the file now and swaps in its policy if it changed and is valid. Thread-safe; polls call it. */
    public synchronized Reload reload() {
        LoadedPolicy before = current.get();
        PolicyDocuments.Parsed parsed;
        try {
            parsed = PolicyDocuments.read(file);
        } catch (InvalidPolicyException e) {
            String key = e.getMessage();
            if (!key.equals(refused)) {
                refused = key;
                LOG.errorf("SP0011 policy not reloaded, %s stays in force: %s", before.version(), e.getMessage());
            }
            return Reload.REJECTED;
        }
        if (parsed.version().equals(before.version())) {
            refused = null;
            return Reload.UNCHANGED;
        }
        current.set(LoadedPolicy.of(parsed));
        refused = null;
        LOG.infof("SP0012 policy reloaded from %s: %s replaces %s", file, parsed.version(), before.version());
        return Reload.RELOADED;
    }

    void onStart(@Observes StartupEvent event) {
        if (interval.isZero() || interval.isNegative()) {
            LOG.infof("SP0013 policy reloading is off (sealed.policy.reload-interval=%s)", interval);
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "policy-reload");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    private void poll() {
        try {
            reload();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep polling.
            LOG.errorf("SP0014 policy reload failed unexpectedly (%s); will retry", e.getClass().getSimpleName());
        }
    }
}
