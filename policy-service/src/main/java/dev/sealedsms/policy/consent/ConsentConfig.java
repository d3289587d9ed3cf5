package dev.sealedsms.policy.consent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The consent check: the ledger view of {@code sms.optouts} and the recipient-token cache. */
@ConfigMapping(prefix = "sealed.consent")
public interface ConsentConfig {

    /**
     * Recipient tokens remembered per (tenant, number), least recently used dropped first. Each
     * entry is about 150 bytes; a miss costs one Vault HMAC call.
     */
    @WithDefault("100000")
    int tokenCacheSize();

    /** How long start-up may take to read the whole consent ledger before the service gives up. */
    @WithDefault("PT60S")
    Duration loadTimeout();

    /**
     * How long the ledger's reader may stay more than a few records behind {@code sms.optouts}
     * (it cannot fetch, or cannot keep up) before consent counts as unknown: readiness DOWN,
     * decisions 503, never a message to someone whose STOP has not been read.
     */
    @WithDefault("PT30S")
    Duration staleAfter();
}
