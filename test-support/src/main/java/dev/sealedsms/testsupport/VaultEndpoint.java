package dev.sealedsms.testsupport;

/**
 * A Vault-API server (OpenBao) a test can call, however it runs: a {@code bao server -dev} child
 * process ({@link OpenBaoDevServer}), a container, or owned by another class loader of the same
 * JVM. Plain HTTP on loopback, in-memory storage, unsealed.
 */
public interface VaultEndpoint {

    /** Base URL, e.g. {@code http://127.0.0.1:41234}, without a trailing slash. */
    String address();

    /** The root token. Tests that exercise a service should use {@link #bootstrap}'s tokens instead. */
    String rootToken();

    /**
     * Runs {@code deploy/vault/bootstrap.sh} against this server for {@code tenants}: Transit with
     * upsert off, keys {@code sms-dek-<tenant>} and {@code sms-rcpt-<tenant>}, the
     * {@code sealed-*} policies, and one token per service. Idempotent; run again to add tenants.
     */
    default ServiceTokens bootstrap(String... tenants) {
        return VaultBootstrap.run(address(), rootToken(), tenants);
    }
}
