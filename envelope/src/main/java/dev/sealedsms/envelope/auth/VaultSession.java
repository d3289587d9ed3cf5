package dev.sealedsms.envelope.auth;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one authenticated connection a service has to Vault. It logs in with its {@link VaultLogin},
 * renews the token (renew-self) when two thirds of its TTL have passed, and logs in again when
 * renewal fails or the token is not renewable; a login that fails (Vault down) is retried every
 * {@code reloginRetry} until it works. Requests always use the current token.
 *
 * <p>Log lines carry codes SVnnnn and never a token or secret.
 */
public final class VaultSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VaultSession.class.getName());
    /** Never renew more often than this, whatever the TTL: a 1 s token would otherwise spin. */
    private static final Duration MIN_RENEW_DELAY = Duration.ofSeconds(1);

    private final String address;
    private final Duration openTimeout;
    private final Duration readTimeout;
    private final VaultLogin method;
    private final Duration reloginRetry;
    private final ScheduledExecutorService scheduler;

    /**
     * Every request of this session, whatever its token, goes through this one HTTP/1.1 client and
     * its pool of keep-alive connections. Without it the driver builds a new {@code HttpClient} (a
     * selector thread, a fresh TCP connection) per request: issue 22, point 8.
     */
    private final HttpClient http;
    private volatile Vault vault;
    private volatile VaultLogin.Login current;
    private volatile Exception lastLoginFailure;

    /**
     * Logs in at once when Vault answers; when it does not, the session starts without a token and
     * keeps trying in the background, so a service can start during a Vault outage and report
     * not-ready instead of crashing.
     */
    public VaultSession(String address, VaultLogin method, Duration openTimeout, Duration readTimeout,
            Duration reloginRetry) {
        this.address = address;
        this.method = method;
        this.openTimeout = openTimeout;
        this.readTimeout = readTimeout;
        this.reloginRetry = reloginRetry;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(openTimeout.isZero() || openTimeout.isNegative() ? Duration.ofSeconds(1) : openTimeout)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vault-token-renewal");
            t.setDaemon(true);
            return t;
        });
        if (method instanceof VaultLogin.Token token) {
            // The token works at once; its lifetime is looked up in the background.
            this.vault = client(token.token());
        }
        loginNow();
    }

    /** The Vault client with the current token (or without one while the first login is pending). */
    public Vault vault() {
        Vault v = vault;
        return v != null ? v : client(null);
    }

    /** The current login, or null before the first one succeeded. */
    public VaultLogin.Login login() {
        return current;
    }

    /** Why the last login failed, or null; for diagnostics (carries no secret). */
    public Exception lastLoginFailure() {
        return lastLoginFailure;
    }

    /**
     * Vault refused the current token (HTTP 403 can mean it expired or was revoked): log in again
     * if the method allows. Returns whether there is a new token worth one more try.
     */
    public synchronized boolean reauthenticate() {
        if (!method.canLogInAgain()) {
            return false;
        }
        String before = current == null ? null : current.token();
        loginNow();
        return current != null && !current.token().equals(before);
    }

    private synchronized void loginNow() {
        try {
            VaultLogin.Login l = method.login(method instanceof VaultLogin.Token t ? client(t.token()) : client(null));
            current = l;
            lastLoginFailure = null;
            vault = client(l.token());
            LOG.log(Level.INFO, "SV0001 logged in to Vault ({0}); token ttl {1}, renewable {2}",
                    new Object[] {kind(), l.ttl(), l.renewable()});
            scheduleRenewal(l);
        } catch (VaultException | RuntimeException e) {
            lastLoginFailure = e;
            LOG.log(Level.WARNING, "SV0002 Vault login ({0}) failed: HTTP {1} {2}; retrying in {3}",
                    new Object[] {kind(), e instanceof VaultException v ? v.getHttpStatusCode() : 0,
                            e.getClass().getSimpleName(), reloginRetry});
            schedule(this::loginNow, reloginRetry);
        }
    }

    private void renew() {
        VaultLogin.Login l = current;
        if (l == null) {
            loginNow();
            return;
        }
        try {
            AuthResponse r = vault.auth().renewSelf();
            int status = r.getRestResponse().getStatus();
            if (status != 200) {
                throw new VaultException("renew-self answered HTTP " + status, status);
            }
            VaultLogin.Login renewed = new VaultLogin.Login(l.token(), Duration.ofSeconds(r.getAuthLeaseDuration()),
                    r.isAuthRenewable());
            current = renewed;
            LOG.log(Level.FINE, "SV0003 Vault token renewed; ttl {0}", renewed.ttl());
            scheduleRenewal(renewed);
        } catch (VaultException | RuntimeException e) {
            LOG.log(Level.WARNING, "SV0004 Vault token renewal failed ({0}); logging in again",
                    e.getClass().getSimpleName());
            if (method.canLogInAgain()) {
                loginNow();
            } else {
                schedule(this::renew, reloginRetry);
            }
        }
    }

    private void scheduleRenewal(VaultLogin.Login l) {
        if (l.ttl().isZero() || l.ttl().isNegative()) {
            return; // a root or non-expiring token: nothing to renew
        }
        Duration at = l.ttl().multipliedBy(2).dividedBy(3);
        if (at.compareTo(MIN_RENEW_DELAY) < 0) {
            at = MIN_RENEW_DELAY;
        }
        schedule(l.renewable() ? this::renew : this::loginNow, at);
    }

    private void schedule(Runnable task, Duration delay) {
        if (!scheduler.isShutdown()) {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private String kind() {
        return method.getClass().getSimpleName();
    }

    private Vault client(String token) {
        try {
            VaultConfig config = new VaultConfig()
                    .httpClient(http)
                    .address(address)
                    .engineVersion(1)
                    .openTimeout(Math.toIntExact(Math.max(1, openTimeout.toSeconds())))
                    .readTimeout(Math.toIntExact(Math.max(1, readTimeout.toSeconds())));
            if (token != null) {
                config.token(token);
            }
            // Engine version 1: the driver leaves transit/... paths as they are (v2 rewrites them).
            return Vault.create(config.build(), 1);
        } catch (VaultException e) {
            throw new IllegalArgumentException("invalid Vault settings (address " + address + ")", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        http.close();
    }
}
