package dev.sealedsms.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One consent change on {@link Topics#OPTOUTS} (compacted), keyed by {@link #key()}: the latest
 * record per tenant and recipient is the ledger. Never a number: the recipient is its token.
 *
 * @param recipientToken pseudonym of the number: Vault Transit HMAC under the tenant's HMAC key
 * @param keyword        the normalised keyword that caused it (STOP, START, ...), or null when not from an MO
 * @param source         who recorded it: {@code mo} for a handset's message, or the writing service
 * @param carrier        the carrier the MO came through, when {@code source} is {@code mo}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptOut(
        int schemaVersion,
        String tenant,
        String recipientToken,
        Consent consent,
        String keyword,
        String source,
        String carrier,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
    /** CloudEvents {@code ce_type}. */
    public static final String TYPE = "dev.sealedsms.optout.v1";

    /** The record key: tenant and token, so compaction keeps one consent per recipient and tenant. */
    public String key() {
        return key(tenant, recipientToken);
    }

    public static String key(String tenant, String recipientToken) {
        return tenant + ":" + recipientToken;
    }
}
