package dev.sealedsms.policy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text-usage policy as configuration: who the clients are, which tenant each belongs to, what
 * each may send and where. Checked at start-up by {@link PolicyConfigValidator}: a bad policy stops
 * the service with a message naming the setting.
 */
@ConfigMapping(prefix = "sealed.policy")
public interface PolicyConfig {

    /** API clients by client id. Each authenticates with an API key of which only the hash is configured. */
    Map<String, Client> clients();

    /** Tenants by name (lower-case letters, digits, '-': the name is part of the tenant's Vault key names). */
    Map<String, Tenant> tenants();

    /** The most segments one message may cost; longer bodies are rejected with BODY_TOO_LONG. */
    @WithDefault("10")
    int maxSegments();

    /** How long an accepted message stays deliverable when the request sets no validity. */
    @WithDefault("PT48H")
    java.time.Duration defaultValidity();

    interface Client {

        /** The tenant this client sends for. Must be a configured tenant. */
        String tenant();

        /** Lower-case hex SHA-256 of the client's API key. The key itself is never configured. */
        String apiKeySha256();

        /** Sender ids (alphanumeric or numeric originators) this client may use. */
        List<String> senders();
    }

    interface Tenant {

        /** ISO 3166-1 alpha-2 destination countries this tenant may send to. */
        List<String> countries();

        /** Words and phrases never sent, matched after Unicode folding (case, width, look-alikes, invisibles). */
        Optional<List<String>> denyWords();

        /** Regular expressions (Java syntax) never matched, tested against the folded body. */
        Optional<List<String>> denyPatterns();

        /** Sensitive data that rejects a message: {@code card} (Luhn), {@code iban} (mod 97), {@code email}. */
        @WithDefault("card,iban")
        List<Detector> detectors();

        /**
         * When set, links may point only at these domains and their subdomains; look-alike hosts and
         * URL shorteners are refused. When unset, links are not checked.
         */
        Optional<List<String>> linkDomains();

        /** Refuse numbers that libphonenumber knows to be fixed lines (they cannot receive SMS). */
        @WithDefault("false")
        boolean rejectLandlines();

        /** E.164 numbers this tenant must never text (its own deny-list, apart from opt-outs). */
        Optional<List<String>> denyNumbers();

        /**
         * Quiet hours in the recipient's local time, {@code HH:mm-HH:mm} (may span midnight). Only
         * {@code marketing} messages are held to them; {@code transactional} and {@code otp} are exempt.
         */
        Optional<String> quietHours();
    }

    /** Sensitive-data detectors. */
    enum Detector {
        CARD, IBAN, EMAIL
    }
}
