package dev.sealedsms.envelope;

/**
 * Names of a tenant's Transit keys, as {@code deploy/vault/bootstrap.sh} creates them and the
 * Vault policies grant them. Two keys per tenant so that wrapping keys and pseudonym keys can be
 * rotated and destroyed apart.
 */
public final class TransitKeys {

    private TransitKeys() {
    }

    /** The key that wraps the tenant's data keys (aes256-gcm96). */
    public static String dataKey(String tenant) {
        return "sms-dek-" + tenant;
    }

    /** The key recipient tokens are HMACs under (hmac). */
    public static String recipientKey(String tenant) {
        return "sms-rcpt-" + tenant;
    }
}
