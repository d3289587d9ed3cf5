package dev.sealedsms.crypto.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Sealing settings. */
@ConfigMapping(prefix = "sealed.crypto")
public interface CryptoConfig {

    /**
     * Messages sealed under one data key before a new one is fetched. With random 96-bit nonces,
     * NIST SP 800-38D bounds one key to 2^32 messages; the default stays eight orders below that.
     */
    @WithDefault("100000")
    long dataKeyMaxMessages();

    /** Age after which a data key is no longer used to seal. */
    @WithDefault("PT10M")
    Duration dataKeyMaxAge();

    /** Recipient tokens remembered per service instance, so repeat recipients cost no Vault call. */
    @WithDefault("100000")
    int recipientTokenCacheSize();
}
