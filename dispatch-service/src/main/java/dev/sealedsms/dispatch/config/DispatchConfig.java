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

    /** How long an unwrapped data key is kept. Short: after crypto-shredding, at most this long to stop. */
    @WithDefault("PT5M")
    Duration dataKeyCacheTtl();
}
