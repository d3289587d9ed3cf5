package dev.sealedsms.envelope;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Vault Transit operations Sealed SMS uses, over the jopenlibs Vault driver. The driver is
 * created with KV engine version 1 so it leaves {@code transit/...} paths as they are (version 2
 * would rewrite them the KV-v2 way). The driver's own retries are off: callers decide, because
 * only they know whether to hold a partition or fail a message.
 */
public class TransitClient {

    private final Vault vault;
    private final String mount;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param address e.g. http://127.0.0.1:8200
     * @param token   a token with the caller's least-privilege policy
     * @param mount   the Transit mount path, normally "transit"
     */
    public TransitClient(String address, String token, String mount, Duration openTimeout, Duration readTimeout) {
        try {
            VaultConfig config = new VaultConfig()
                    .address(address)
                    .token(token)
                    .engineVersion(1)
                    .openTimeout(Math.toIntExact(Math.max(1, openTimeout.toSeconds())))
                    .readTimeout(Math.toIntExact(Math.max(1, readTimeout.toSeconds())))
                    .build();
            this.vault = Vault.create(config, 1);
        } catch (VaultException e) {
            throw new IllegalArgumentException("invalid Vault settings (address " + address + ")", e);
        }
        this.mount = mount;
    }

    /** A new data key under {@code keyName}: its plaintext (use, then forget) and Vault's wrapping of it. */
    public DataKey newDataKey(String keyName) {
        LogicalResponse r = write("datakey", keyName, mount + "/datakey/plaintext/" + keyName, Map.of());
        Map<String, String> data = r.getData();
        return new DataKey(keyName, Integer.parseInt(data.get("key_version")),
                Base64.getDecoder().decode(data.get("plaintext")), data.get("ciphertext"));
    }

    /** The plaintext of a data key that {@link #newDataKey} wrapped. */
    public byte[] decryptDataKey(String keyName, String wrappedKey) {
        LogicalResponse r = write("decrypt", keyName, mount + "/decrypt/" + keyName,
                Map.of("ciphertext", wrappedKey));
        return Base64.getDecoder().decode(r.getData().get("plaintext"));
    }

    /** HMAC-SHA256 of {@code input} under {@code keyName}, as Vault prints it ({@code vault:vN:base64}). */
    public String hmac(String keyName, String input) {
        String b64 = Base64.getEncoder().encodeToString(input.getBytes(StandardCharsets.UTF_8));
        LogicalResponse r = write("hmac", keyName, mount + "/hmac/" + keyName + "/sha2-256", Map.of("input", b64));
        return r.getData().get("hmac");
    }

    /** Vault requests made by this client, successful or not: what the benchmarks count. */
    public long requests() {
        return requests.get();
    }

    private LogicalResponse write(String operation, String keyName, String path, Map<String, Object> body) {
        requests.incrementAndGet();
        LogicalResponse r;
        try {
            r = vault.logical().write(path, body);
        } catch (VaultException e) {
            throw classify(operation, keyName, e.getHttpStatusCode(), saysNotFound(e.getMessage()), e);
        } catch (RuntimeException e) {
            // The driver surfaces some I/O problems unchecked; they are outages, not bad input.
            throw new TransitException(TransitException.Kind.RETRYABLE,
                    "Vault " + operation + " on " + keyName + " failed: " + e.getClass().getSimpleName(), 0, e);
        }
        int status = r.getRestResponse().getStatus();
        if (status >= 300 || r.getData() == null || r.getData().isEmpty()) {
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

    static TransitException classify(String operation, String keyName, int status, boolean keyNotFound,
            Throwable cause) {
        String what = "Vault " + operation + " on " + keyName + " failed with HTTP " + status;
        // The driver reports connection failures with status 0; 429/5xx are Vault saying "later".
        if (status == 0 || status == 429 || status >= 500) {
            return new TransitException(TransitException.Kind.RETRYABLE, what, status, stripped(cause));
        }
        // Transit answers 400 "encryption key not found" for a missing (or deleted) key; with upsert
        // off nothing creates it behind our back. Other 400s (a malformed wrapped key) are permanent.
        if ((status == 400 || status == 404) && keyNotFound) {
            return new TransitException(TransitException.Kind.KEY_MISSING, what, status, null);
        }
        return new TransitException(TransitException.Kind.PERMANENT, what, status, null);
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
}
