package dev.sealedsms.dispatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Opening envelopes at the edge. */
@ConfigMapping(prefix = "sealed.dispatch")
public interface DispatchConfig {

    /** Unwrapped data keys kept, so Vault is called per data key, not per message. */
    @WithDefault("1000")
    int dataKeyCacheSize();

    /**
     * How long an unwrapped data key is kept. It bounds how long a replica keeps opening a
     * crypto-shredded tenant's messages under a key it unwrapped before the shred; one decrypt per
     * data key per minute per replica costs Vault nothing (see crypto-service/DESIGN.md).
     */
    @WithDefault("PT1M")
    Duration dataKeyCacheTtl();
}
