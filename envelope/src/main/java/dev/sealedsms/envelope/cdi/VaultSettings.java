package dev.sealedsms.envelope.cdi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How crypto-service and dispatch-service reach Vault (or OpenBao). */
@ConfigMapping(prefix = "sealed.vault")
public interface VaultSettings {

    /** How the service logs in. */
    enum AuthMethod {
        /** {@code sealed.vault.token}: development and tests. */
        TOKEN,
        /** {@code sealed.vault.approle.*}: VMs, CI. */
        APPROLE,
        /** {@code sealed.vault.kubernetes.*}: pods, with the service-account JWT. */
        KUBERNETES
    }

    /** Vault address, e.g. https://vault.example:8200. */
    String address();

    /** Login method. */
    @WithDefault("token")
    AuthMethod auth();

    /** The service's token (least-privilege policy), for auth=token. Supplied by the deployment, never in source. */
    Optional<String> token();

    /** AppRole login, for auth=approle. */
    AppRole approle();

    /** Kubernetes login, for auth=kubernetes. */
    Kubernetes kubernetes();

    interface AppRole {
        /** Mount path of the AppRole method. */
        @WithDefault("approle")
        String mount();

        /** The role id (not secret on its own). */
        Optional<String> roleId();

        /** File holding the secret id, read at every login so it can be rotated in place. */
        Optional<Path> secretIdFile();
    }

    interface Kubernetes {
        /** Mount path of the Kubernetes method. */
        @WithDefault("kubernetes")
        String mount();

        /** The Vault role bound to this service's service account. */
        Optional<String> role();

        /** The projected service-account token; read at every login because the kubelet rotates it. */
        @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount/token")
        Path jwtFile();
    }

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

    /** Attempts within one Vault call before the caller hears of an outage (the caller then holds its record). */
    @WithDefault("3")
    int callAttempts();

    /** Consecutive outage failures that open the circuit breaker. */
    @WithDefault("5")
    int breakerFailureThreshold();

    /** How long an open breaker refuses calls before it lets one trial through. */
    @WithDefault("PT5S")
    Duration breakerOpenDuration();

    /** Wait between login attempts while Vault cannot be reached or refuses the login. */
    @WithDefault("PT5S")
    Duration reloginRetry();
}
