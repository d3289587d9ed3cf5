package dev.sealedsms.envelope.admin;

import dev.sealedsms.envelope.TransitKeys;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.VaultResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Key administration for tenants, with a token holding the {@code sealed-admin} policy (never root,
 * never a service's token): create a tenant's keys, rotate them, retire old versions, and
 * crypto-shred them. No service runs this; operators do, through {@link KeyAdminCommand}, so a
 * compromised crypto-service or dispatch-service can neither rotate nor destroy keys.
 *
 * <p>Transit API used (OpenBao/Vault {@code secrets/transit}): {@code POST keys/:name} (create),
 * {@code POST keys/:name/rotate}, {@code POST keys/:name/config} ({@code min_decryption_version},
 * {@code deletion_allowed}), {@code GET keys/:name}, {@code DELETE keys/:name} (refused unless
 * {@code deletion_allowed} is true).
 */
public final class TenantKeyAdmin {

    private static final Pattern TENANT = Pattern.compile("[a-z0-9-]{1,48}");

    /** What Transit says about one key. */
    public record KeyInfo(String name, String type, int latestVersion, int minDecryptionVersion, boolean exportable,
            boolean deletionAllowed) {
    }

    private final Vault vault;
    private final String mount;

    /** @param vault a client holding a {@code sealed-admin} token, created with engine version 1 */
    public TenantKeyAdmin(Vault vault, String mount) {
        this.vault = vault;
        this.mount = mount;
    }

    /** The tenant's two keys: the data-key wrapping key and the recipient-token key. */
    public static List<String> keyNames(String tenant) {
        return List.of(TransitKeys.dataKey(valid(tenant)), TransitKeys.recipientKey(tenant));
    }

    /**
     * Creates the tenant's keys: {@code aes256-gcm96} for data keys, {@code hmac} for recipient
     * tokens, neither exportable nor backed up in plaintext. Idempotent: Transit leaves an existing
     * key as it is.
     */
    public void createTenant(String tenant) throws VaultException {
        valid(tenant);
        ok(vault.logical().write(path("keys/" + TransitKeys.dataKey(tenant)),
                Map.of("type", "aes256-gcm96", "exportable", false, "allow_plaintext_backup", false)), "create");
        ok(vault.logical().write(path("keys/" + TransitKeys.recipientKey(tenant)),
                Map.of("type", "hmac", "key_size", 32, "exportable", false, "allow_plaintext_backup", false)), "create");
    }

    /**
     * Rotates the tenant's data-key wrapping key: new data keys are wrapped under the new version at
     * once; envelopes under older versions still open until {@link #retireBelow}. The recipient key
     * is not rotated by default: a rotated HMAC key changes every token, breaking joins and
     * opt-out lookups; {@code rotateRecipientKey} says you mean it.
     */
    public int rotate(String tenant, boolean rotateRecipientKey) throws VaultException {
        valid(tenant);
        ok(vault.logical().write(path("keys/" + TransitKeys.dataKey(tenant) + "/rotate"), Map.of()), "rotate");
        if (rotateRecipientKey) {
            ok(vault.logical().write(path("keys/" + TransitKeys.recipientKey(tenant) + "/rotate"), Map.of()), "rotate");
        }
        return info(TransitKeys.dataKey(tenant)).latestVersion();
    }

    /**
     * Envelopes sealed under data keys wrapped by versions below {@code version} no longer open:
     * dispatch fails them ({@code KEY_UNAVAILABLE}, dead letter). Reversible, unlike {@link #shred}.
     */
    public void retireBelow(String tenant, int version) throws VaultException {
        valid(tenant);
        ok(vault.logical().write(path("keys/" + TransitKeys.dataKey(tenant) + "/config"),
                Map.of("min_decryption_version", version)), "config");
    }

    /**
     * Crypto-shredding: deletes both of the tenant's keys. Every envelope of the tenant, wherever
     * it is (Kafka, backups, a replica's cache once it expires), can then never be opened, and no
     * new recipient token can be made. Irreversible. Transit refuses to delete a key until
     * {@code deletion_allowed} is set, so that is done first, per key, right before the delete.
     */
    public void shred(String tenant) throws VaultException {
        for (String key : keyNames(tenant)) {
            ok(vault.logical().write(path("keys/" + key + "/config"), Map.of("deletion_allowed", true)), "config");
            ok(vault.logical().delete(path("keys/" + key)), "delete");
        }
    }

    /** Transit's view of a key (never its material: the keys are not exportable). */
    public KeyInfo info(String keyName) throws VaultException {
        LogicalResponse r = vault.logical().read(path("keys/" + keyName));
        ok(r, "read");
        var d = r.getDataObject();
        return new KeyInfo(keyName, d.getString("type", ""), d.getInt("latest_version", 0),
                d.getInt("min_decryption_version", 0), bool(d.get("exportable")), bool(d.get("deletion_allowed")));
    }

    /** Whether the key exists. */
    public boolean exists(String keyName) throws VaultException {
        LogicalResponse r = vault.logical().read(path("keys/" + keyName));
        int status = r.getRestResponse().getStatus();
        if (status == 404 || (status == 200 && (r.getDataObject() == null || r.getDataObject().isEmpty()))) {
            return false;
        }
        ok(r, "read");
        return true;
    }

    private static boolean bool(JsonValue v) {
        return v != null && v.isBoolean() && v.asBoolean();
    }

    private String path(String rest) {
        return mount + "/" + rest;
    }

    private static String valid(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must be 1-48 lower-case letters, digits or '-'");
        }
        return tenant;
    }

    private static void ok(VaultResponse r, String operation) throws VaultException {
        int status = r.getRestResponse().getStatus();
        if (status < 200 || status >= 300) {
            // Vault's body is not quoted: it can name paths, never secrets, but we keep one rule.
            throw new VaultException("Transit " + operation + " answered HTTP " + status, status);
        }
    }
}
