package dev.sealedsms.policy.consent;

import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.events.Consent;
import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.rules.RecipientConsent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The consent rule's view of the world: number → recipient token ({@link RecipientTokens}, Vault
 * HMAC) → latest consent ({@link ConsentLedger}, {@value Topics#OPTOUTS}). Loads the ledger at
 * start-up, before the service takes traffic; readiness check {@code consent-ledger}
 * ({@link ConsentReadiness}) is DOWN until then and if its reader stops.
 *
 * <p>Two lookups for the engine: {@link #waiting()} may call Vault (worker threads only);
 * {@link #withoutWaiting()} answers from memory and throws {@link TokenNotCached} instead of
 * blocking, so event-loop callers can retry the decision on a worker thread.
 */
@ApplicationScoped
public class ConsentView {

    private final TransitClient transit;
    private final ConsentConfig config;
    private final String bootstrap;
    private volatile RecipientTokens tokens;
    private volatile ConsentLedger ledger;

    ConsentView(TransitClient transit, ConsentConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.transit = transit;
        this.config = config;
        this.bootstrap = bootstrap;
    }

    void start(@Observes @Priority(5) StartupEvent event) {
        tokens = new RecipientTokens(transit, config.tokenCacheSize());
        ledger = new ConsentLedger(bootstrap, Topics.OPTOUTS, config.staleAfter()).start(config.loadTimeout());
    }

    void stop(@Observes ShutdownEvent event) {
        if (ledger != null) {
            ledger.close();
        }
    }

    /** The recipient token of {@code e164} for {@code tenant}; may call Vault. */
    public String token(String tenant, String e164) {
        return tokens().token(tenant, e164);
    }

    /** A lookup that may block on Vault: for worker threads. */
    public RecipientConsent waiting() {
        return (tenant, e164) -> ledger().consent(tenant, tokens().token(tenant, e164));
    }

    /** A lookup that never blocks: throws {@link TokenNotCached} when Vault would be needed. */
    public RecipientConsent withoutWaiting() {
        return (tenant, e164) -> {
            String token = tokens().cached(tenant, e164);
            if (token == null) {
                throw TokenNotCached.INSTANCE;
            }
            return ledger().consent(tenant, token);
        };
    }

    /** The latest consent for a token (tests). */
    public Consent consentOf(String tenant, String recipientToken) {
        return ledger().consent(tenant, recipientToken);
    }

    /** Ledger records not applied since start: unreadable, mis-keyed, out of order, future-dated, tombstones. */
    public long skippedRecords() {
        return ledger().skipped();
    }

    /** True once the ledger is loaded and while its reader runs (readiness, {@link ConsentReadiness}). */
    public boolean ready() {
        ConsentLedger l = ledger;
        return l != null && l.ready();
    }

    private RecipientTokens tokens() {
        if (tokens == null) {
            throw new ConsentUnavailableException("consent check not started yet", null);
        }
        return tokens;
    }

    private ConsentLedger ledger() {
        ConsentLedger l = ledger;
        if (l == null) {
            throw new ConsentUnavailableException("consent ledger not loaded yet", null);
        }
        return l;
    }

    /** Control flow, not an error: the decision needs a Vault call and moves to a worker thread. */
    public static final class TokenNotCached extends RuntimeException {

        static final TokenNotCached INSTANCE = new TokenNotCached();

        private TokenNotCached() {
            super("recipient token not cached", null, false, false);
        }
    }
}
