package dev.sealedsms.envelope;

import dev.sealedsms.testsupport.SealedInfrastructure;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Auth;
import java.util.List;

/**
 * The shared test OpenBao with its root token, used only to set the stage (issue an admin token,
 * enable AppRole); what is under test always runs with a least-privilege token.
 */
public final class RootVault {

    private RootVault() {
    }

    public static Vault root() {
        return client(SealedInfrastructure.get().vault().rootToken());
    }

    public static Vault client(String token) {
        try {
            return Vault.create(new VaultConfig().address(SealedInfrastructure.get().vault().address()).token(token)
                    .engineVersion(1).openTimeout(2).readTimeout(10).build(), 1);
        } catch (VaultException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token with only the sealed-admin policy, as an operator would hold. */
    public static String adminToken() {
        return token("sealed-admin");
    }

    public static String token(String policy) {
        try {
            return root().auth().createToken(new Auth.TokenRequest().polices(List.of(policy)).ttl("1h"))
                    .getAuthClientToken();
        } catch (VaultException e) {
            throw new IllegalStateException("cannot create a " + policy + " token", e);
        }
    }
}
