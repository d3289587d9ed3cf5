package dev.sealedsms.envelope.cdi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How crypto-service and dispatch-service reach Vault (or OpenBao). */
@ConfigMapping(prefix = "sealed.vault")
public interface VaultSettings {

    /** Vault address, e.g. https://vault.example:8200. */
    String address();

    /** The service's token (least-privilege policy). Supplied by the deployment, never in source. */
    String token();

    /** Mount path of the Transit engine. */
    @WithDefault("transit")
    String transitMount();

    /** Time to open a connection to Vault. */
    @WithDefault("PT2S")
    Duration openTimeout();

    /** Time to wait for Vault's answer. */
    @WithDefault("PT5S")
    Duration readTimeout();

    /** First delay when Vault is unavailable; doubles per attempt, with jitter. */
    @WithDefault("PT0.2S")
    Duration retryInitial();

    /** Longest delay between attempts while Vault is unavailable. */
    @WithDefault("PT5S")
    Duration retryMax();
}
