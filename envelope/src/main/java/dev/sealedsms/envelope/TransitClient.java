package dev.sealedsms.envelope;

import dev.sealedsms.envelope.TransitObserver.Operation;
import dev.sealedsms.envelope.TransitObserver.Outcome;
import dev.sealedsms.envelope.auth.VaultLogin;
import dev.sealedsms.envelope.auth.VaultSession;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonArray;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Vault Transit operations Sealed SMS uses, over the jopenlibs Vault driver: the one Vault
 * client of a service. Every call goes through the same guard:
 * <ul>
 * <li>timeouts (connect and read) on every request;
 * <li>a few quick retries with exponential backoff and full jitter for outages ({@link Backoff});
 * <li>a {@link CircuitBreaker}: after repeated outages calls fail at once with a retryable error,
 * so a dead Vault is not hammered and callers hold their records instead;
 * <li>one new login when Vault refuses the token (403), for AppRole and Kubernetes logins.
 * </ul>
 * The driver's own retries are off. Errors are classified once, here ({@link TransitException.Kind}),
 * and never carry Vault's response body.
 */
public class TransitClient implements AutoCloseable {

    /** How hard one call tries before it reports an outage to its caller. */
    public record Resilience(int attempts, Backoff backoff, CircuitBreaker breaker) {
        /** Defaults for callers outside CDI (tests, tools): 3 attempts, 5 outages open the breaker for 5 s. */
        public static Resilience defaults() {
            return new Resilience(3, new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1)),
                    new CircuitBreaker(5, Duration.ofSeconds(5)));
        }
    }

    /**
     * Items per batch request. OpenBao refuses a 500-item batch_input with "refused JSON input due
     * to high complexity: exceeded maximum number of strings" (its request JSON limits); 200 items
     * stay well inside them.
     */
    public static final int BATCH_LIMIT = 200;

    /**
     * A Transit key name as {@code deploy/vault/bootstrap.sh} creates them: one path segment. Key names
     * come from records (a tenant, an envelope's key name), so one with '/', '?', a space or a newline
     * must never reach the driver: it would address another path, or fail before the request and look
     * like an outage, retried forever.
     */
    private static final java.util.regex.Pattern KEY_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");

    private final VaultSession session;
    private final String mount;
    private final Resilience resilience;
    private final TransitObserver observer;
    private final AtomicLong requests = new AtomicLong();

    /**
     * A client with a fixed token and default resilience (tests, tools).
     *
     * @param address e.g. http://127.0.0.1:8200
     * @param token   a token with the caller's least-privilege policy
     * @param mount   the Transit mount path, normally "transit"
     */
    public TransitClient(String address, String token, String mount, Duration openTimeout, Duration readTimeout) {
        this(new VaultSession(address, new VaultLogin.Token(token), openTimeout, readTimeout, Duration.ofSeconds(5)),
                mount, Resilience.defaults());
    }

    public TransitClient(VaultSession session, String mount, Resilience resilience) {
        this(session, mount, resilience, TransitObserver.NONE);
    }

    /** A client whose every Vault request {@code observer} sees (counts, timings). */
    public TransitClient(VaultSession session, String mount, Resilience resilience, TransitObserver observer) {
        this.session = session;
        this.mount = mount;
        this.resilience = resilience;
        this.observer = observer;
        observer.watching(resilience.breaker());
    }

    /** A new data key under {@code keyName}: its plaintext (use, then forget) and Vault's wrapping of it. */
    public DataKey newDataKey(String keyName) {
        LogicalResponse r = write(Operation.DATAKEY, keyName, mount + "/datakey/plaintext/" + keyName, Map.of());
        Map<String, String> data = r.getData();
        return new DataKey(keyName, Integer.parseInt(data.get("key_version")),
                Base64.getDecoder().decode(data.get("plaintext")), data.get("ciphertext"));
    }

    /** The plaintext of a data key that {@link #newDataKey} wrapped. */
    public byte[] decryptDataKey(String keyName, String wrappedKey) {
        LogicalResponse r = write(Operation.DECRYPT, keyName, mount + "/decrypt/" + keyName,
                Map.of("ciphertext", wrappedKey));
        return Base64.getDecoder().decode(r.getData().get("plaintext"));
    }

    /** HMAC-SHA256 of {@code input} under {@code keyName}, as Vault prints it ({@code vault:vN:base64}). */
    public String hmac(String keyName, String input) {
        LogicalResponse r = write(Operation.HMAC, keyName, mount + "/hmac/" + keyName + "/sha2-256",
                Map.of("input", b64(input)));
        return r.getData().get("hmac");
    }

    /**
     * HMACs of many inputs in one request (Transit {@code batch_input}); results in input order.
     * One failed item fails the call as {@link TransitException.Kind#PERMANENT}: inputs are our own
     * E.164 strings, so an item error means a key problem that applies to all of them.
     */
    public List<String> hmacBatch(String keyName, List<String> inputs) {
        if (inputs.size() > BATCH_LIMIT) {
            List<String> out = new ArrayList<>(inputs.size());
            for (int from = 0; from < inputs.size(); from += BATCH_LIMIT) {
                out.addAll(hmacBatch(keyName, inputs.subList(from, Math.min(inputs.size(), from + BATCH_LIMIT))));
            }
            return out;
        }
        if (inputs.isEmpty()) {
            return List.of();
        }
        JsonArray batch = new JsonArray();
        for (String input : inputs) {
            batch.add(Json.object().add("input", b64(input)));
        }
        LogicalResponse r = write(Operation.HMAC_BATCH, keyName, mount + "/hmac/" + keyName + "/sha2-256",
                Map.of("batch_input", batch));
        JsonValue results = r.getDataObject().get("batch_results");
        if (results == null || !results.isArray() || results.asArray().size() != inputs.size()) {
            throw new TransitException(TransitException.Kind.PERMANENT,
                    "Vault hmac batch on " + keyName + " answered without one result per input", 200, null);
        }
        List<String> out = new ArrayList<>(inputs.size());
        for (JsonValue item : results.asArray()) {
            JsonObject o = item.asObject();
            JsonValue hmac = o.get("hmac");
            if (hmac == null || !hmac.isString()) {
                throw new TransitException(TransitException.Kind.PERMANENT,
                        "Vault hmac batch on " + keyName + " failed for an item", 200, null);
            }
            out.add(hmac.asString());
        }
        return out;
    }

    /** Vault requests made by this client, successful or not (not the ones the breaker refused). */
    public long requests() {
        return requests.get();
    }

    /** Whether Vault looks healthy from here: the breaker is closed. */
    public CircuitBreaker.State circuit() {
        return resilience.breaker().state();
    }

    /** The session (token, renewal) this client sends requests with. */
    public VaultSession session() {
        return session;
    }

    private LogicalResponse write(Operation operation, String keyName, String path, Map<String, Object> body) {
        if (keyName == null || !KEY_NAME.matcher(keyName).matches()) {
            // Bad input, not an outage: permanent, and it does not count against the circuit breaker.
            throw new TransitException(TransitException.Kind.PERMANENT,
                    "Vault " + operation.label() + " not attempted: the key name is not a Transit key name", 400, null);
        }
        boolean reloggedIn = false;
        for (int attempt = 1;; attempt++) {
            if (!resilience.breaker().tryAcquire()) {
                observer.requested(operation, Outcome.CIRCUIT_OPEN, 0);
                throw new TransitException(TransitException.Kind.RETRYABLE,
                        "Vault " + operation.label() + " on " + keyName + " not attempted: circuit open", 0, null);
            }
            TransitException failure;
            long started = System.nanoTime();
            try {
                LogicalResponse r = send(operation.label(), keyName, path, body);
                observer.requested(operation, Outcome.OK, System.nanoTime() - started);
                resilience.breaker().onSuccess();
                return r;
            } catch (TransitException e) {
                failure = e;
                observer.requested(operation, e.retryable() ? Outcome.UNAVAILABLE : Outcome.ERROR,
                        System.nanoTime() - started);
            }
            if (!failure.retryable()) {
                resilience.breaker().onSuccess(); // Vault answered: it is up, the request was wrong
                if (failure.httpStatus() == 403 && !reloggedIn && session.reauthenticate()) {
                    reloggedIn = true;
                    continue;
                }
                throw failure;
            }
            resilience.breaker().onFailure();
            if (attempt >= resilience.attempts()) {
                throw failure;
            }
            resilience.backoff().pause(attempt);
            if (Thread.currentThread().isInterrupted()) {
                throw failure;
            }
        }
    }

    private LogicalResponse send(String operation, String keyName, String path, Map<String, Object> body) {
        requests.incrementAndGet();
        LogicalResponse r;
        try {
            r = session.vault().logical().write(path, body);
        } catch (VaultException e) {
            throw classify(operation, keyName, e.getHttpStatusCode(), saysNotFound(e.getMessage()), e);
        } catch (RuntimeException e) {
            // The driver surfaces some I/O problems unchecked; they are outages, not bad input.
            throw new TransitException(TransitException.Kind.RETRYABLE,
                    "Vault " + operation + " on " + keyName + " failed: " + e.getClass().getSimpleName(), 0, e);
        }
        int status = r.getRestResponse().getStatus();
        if (status >= 300 || r.getDataObject() == null || r.getDataObject().isEmpty()) {
            byte[] answer = r.getRestResponse().getBody();
            throw classify(operation, keyName, status,
                    answer != null && saysNotFound(new String(answer, StandardCharsets.UTF_8)), null);
        }
        return r;
    }

    /** Transit's error for a key that does not exist: "encryption key not found" (read, never repeated). */
    private static boolean saysNotFound(String vaultText) {
        return vaultText != null && vaultText.contains("not found");
    }

    /** The one place where a Vault answer becomes retryable, key-missing or permanent. */
    static TransitException classify(String operation, String keyName, int status, boolean keyNotFound,
            Throwable cause) {
        String what = "Vault " + operation + " on " + keyName + " failed with HTTP " + status;
        // The driver reports connection failures with status 0; 429/5xx are Vault saying "later"
        // (503 is also a sealed or standby Vault, which a restart or failover ends).
        if (status == 0 || status == 429 || status >= 500) {
            return new TransitException(TransitException.Kind.RETRYABLE, what, status, stripped(cause));
        }
        // Transit answers 400 "encryption key not found" for a missing (or deleted) key; with upsert
        // off nothing creates it behind our back. Other 400s (a malformed wrapped key, a version
        // below min_decryption_version) are permanent.
        if ((status == 400 || status == 404) && keyNotFound) {
            return new TransitException(TransitException.Kind.KEY_MISSING, what, status, null);
        }
        return new TransitException(TransitException.Kind.PERMANENT, what, status, null);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps the cause's type for operators but drops its message, which may carry Vault's response body. */
    private static Throwable stripped(Throwable cause) {
        return cause == null ? null : new VaultTransportFailure(cause.getClass().getName());
    }

    private static final class VaultTransportFailure extends RuntimeException {
        VaultTransportFailure(String originalType) {
            super(originalType, null, false, false);
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
