package dev.sealedsms.envelope.auth;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a service proves who it is to Vault. Token for development (and for the admin CLI), AppRole
 * for VMs and CI, Kubernetes for pods. Each yields a {@link Login}: the token and how long it lives.
 * Secrets are read when logging in, never kept in a {@code toString}.
 */
public sealed interface VaultLogin {

    /** A client token and what Vault said about its lifetime. {@code ttl} zero: does not expire. */
    record Login(String token, Duration ttl, boolean renewable) {
        @Override
        public String toString() {
            return "Login[token=<redacted>, ttl=" + ttl + ", renewable=" + renewable + "]";
        }
    }

    /**
     * Logs in. {@code vault} is a client without a token, or with the token to look up for
     * {@link Token}.
     */
    Login login(Vault vault) throws VaultException;

    /** Whether {@link #login} can produce a new token when the current one cannot be renewed. */
    boolean canLogInAgain();

    /** A token issued out of band (dev, tests, admin CLI). Its lifetime is looked up, not assumed. */
    record Token(String token) implements VaultLogin {
        public Token {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public Login login(Vault vault) throws VaultException {
            // Tokens without lookup-self permission still work; they are then treated as non-expiring.
            try {
                LookupResponse self = vault.auth().lookupSelf();
                if (self.getRestResponse().getStatus() == 200) {
                    return new Login(token, Duration.ofSeconds(self.getTTL()), self.isRenewable());
                }
            } catch (VaultException lookupRefused) {
                // fall through
            }
            return new Login(token, Duration.ZERO, false);
        }

        @Override
        public boolean canLogInAgain() {
            return false;
        }

        @Override
        public String toString() {
            return "Token[<redacted>]";
        }
    }

    /**
     * AppRole: {@code POST auth/<mount>/login} with role_id and secret_id. The secret id is read
     * from a file at every login, so the deployment can rotate it (a response-wrapped or
     * CSI-mounted secret) without restarting the service.
     */
    record AppRole(String mount, String roleId, Path secretIdFile) implements VaultLogin {
        @Override
        public Login login(Vault vault) throws VaultException {
            AuthResponse r = vault.auth().loginByAppRole(mount, roleId, readSecret(secretIdFile));
            return fromAuth(r);
        }

        @Override
        public boolean canLogInAgain() {
            return true;
        }
    }

    /**
     * Kubernetes: {@code POST auth/<mount>/login} with the role and the pod's service-account JWT,
     * read from {@code jwtFile} at every login because the kubelet rotates projected tokens.
     */
    record Kubernetes(String mount, String role, Path jwtFile) implements VaultLogin {
        /** Where Kubernetes mounts a pod's service-account token. */
        public static final Path DEFAULT_JWT_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

        @Override
        public Login login(Vault vault) throws VaultException {
            // The driver's third argument is the path below /v1/, not the mount name
            // (KubernetesLoginTest caught "/v1/kubernetes/login"), hence the "auth/" prefix.
            AuthResponse r = vault.auth().loginByKubernetes(role, readSecret(jwtFile), "auth/" + mount);
            return fromAuth(r);
        }

        @Override
        public boolean canLogInAgain() {
            return true;
        }
    }

    private static Login fromAuth(AuthResponse r) throws VaultException {
        String token = r.getAuthClientToken();
        if (token == null || token.isBlank()) {
            throw new VaultException("login answered HTTP " + r.getRestResponse().getStatus() + " without a token",
                    r.getRestResponse().getStatus());
        }
        return new Login(token, Duration.ofSeconds(r.getAuthLeaseDuration()), r.isAuthRenewable());
    }

    private static String readSecret(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // The path is configuration, not a secret; the content never appears in a message.
            throw new UncheckedIOException("cannot read Vault login secret from " + file, e);
        }
    }
}
