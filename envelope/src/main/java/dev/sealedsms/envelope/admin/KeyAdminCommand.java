package dev.sealedsms.envelope.admin;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The operators' key tool. A command, not an endpoint of crypto-service: the service runs with the
 * {@code sealed-crypto} policy only, so neither its network surface nor its token can rotate or
 * destroy a key.
 *
 * <pre>
 * SEALED_VAULT_ADDR=https://vault:8200 SEALED_VAULT_ADMIN_TOKEN_FILE=/path/admin.token \
 *   java -cp 'crypto-service/target/quarkus-app/lib/main/*' dev.sealedsms.envelope.admin.KeyAdminCommand \
 *   create|rotate|rotate-all|retire-below VERSION|shred --yes|info  TENANT
 * </pre>
 * The token comes from a file or {@code SEALED_VAULT_ADMIN_TOKEN}, never the command line
 * ({@code /proc/<pid>/cmdline} is world-readable). Exit codes: 0 done, 1 Vault refused, 2 usage.
 */
public final class KeyAdminCommand {

    private KeyAdminCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            return usage(err);
        }
        String verb = args[0];
        String tenant = args[args.length - 1];
        String address = env.getOrDefault("SEALED_VAULT_ADDR", env.get("BAO_ADDR"));
        if (address == null) {
            err.println("SC0101 set SEALED_VAULT_ADDR");
            return 2;
        }
        String token;
        try {
            token = token(env);
        } catch (IOException | IllegalStateException e) {
            err.println("SC0102 " + e.getMessage());
            return 2;
        }
        try {
            Vault vault = Vault.create(new VaultConfig().address(address).token(token).engineVersion(1)
                    .openTimeout(5).readTimeout(30).build(), 1);
            TenantKeyAdmin admin = new TenantKeyAdmin(vault, env.getOrDefault("SEALED_VAULT_TRANSIT_MOUNT", "transit"));
            switch (verb) {
                case "create" -> admin.createTenant(tenant);
                case "rotate" -> out.println("data key now at version " + admin.rotate(tenant, false));
                case "rotate-all" -> out.println("data key now at version " + admin.rotate(tenant, true));
                case "retire-below" -> {
                    if (args.length != 3) {
                        return usage(err);
                    }
                    admin.retireBelow(tenant, Integer.parseInt(args[1]));
                }
                case "shred" -> {
                    if (args.length != 3 || !"--yes".equals(args[1])) {
                        err.println("SC0103 shred destroys every message of " + tenant + " for ever: add --yes");
                        return 2;
                    }
                    admin.shred(tenant);
                }
                case "info" -> {
                    for (String key : TenantKeyAdmin.keyNames(tenant)) {
                        out.println(admin.exists(key) ? admin.info(key) : key + ": absent");
                    }
                }
                default -> {
                    return usage(err);
                }
            }
            out.println("SC0100 " + verb + " " + tenant + ": done");
            return 0;
        } catch (VaultException e) {
            err.println("SC0104 " + verb + " " + tenant + " failed: HTTP " + e.getHttpStatusCode());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("SC0105 " + e.getMessage());
            return 2;
        }
    }

    private static String token(Map<String, String> env) throws IOException {
        String file = env.get("SEALED_VAULT_ADMIN_TOKEN_FILE");
        if (file != null) {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        }
        String token = env.get("SEALED_VAULT_ADMIN_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("set SEALED_VAULT_ADMIN_TOKEN_FILE (or SEALED_VAULT_ADMIN_TOKEN) to a sealed-admin token");
        }
        return token;
    }

    private static int usage(PrintStream err) {
        err.println("usage: KeyAdminCommand create|rotate|rotate-all|retire-below VERSION|shred --yes|info TENANT");
        return 2;
    }
}
