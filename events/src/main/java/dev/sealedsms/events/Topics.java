package dev.sealedsms.events;

import java.util.List;

/**
 * Kafka topic names: the one place they are spelled. Services, tests, the local stack and the
 * Helm chart all take them from here (or from the table in ARCHITECTURE.md that mirrors it).
 */
public final class Topics {

    /** Submissions from Kafka-native producers. Plaintext; short retention. */
    public static final String REQUESTS = "sms.requests";
    /** Approved messages: the only plaintext hop. Written by policy, read by crypto. */
    public static final String APPROVED = "sms.approved";
    /** Sealed envelopes. Written by crypto, read by dispatch. */
    public static final String SEALED = "sms.sealed";
    /** Lifecycle events; each stage appends its own facts. Never a body or a number. */
    public static final String RECEIPTS = "sms.receipts";
    /** One policy decision per message. Never a body or a number. */
    public static final String AUDIT = "sms.audit";
    /** Consent ledger, compacted, keyed by tenant + recipient token. */
    public static final String OPTOUTS = "sms.optouts";
    /** Mobile-originated messages, sealed. */
    public static final String INBOUND = "sms.inbound";

    /**
     * dispatch-service's own durable carrier-id → message mapping, compacted: one record per
     * message in flight at a carrier, keyed by message id, tombstoned at its terminal receipt.
     * Never a body or a number.
     */
    public static final String DISPATCH_CORRELATION = "sms.dispatch.correlation";

    /**
     * dispatch-service's own record of orphan delivery receipts: receipts from a carrier that
     * matched no message it submitted, written before the receipt is acknowledged to the carrier,
     * keyed by {@code <carrier>|<carrier message id>} and tombstoned if the correlation shows up
     * later; compacted, and deleted after 30 days if never resolved. Never a body or a number.
     */
    public static final String DISPATCH_ORPHANS = "sms.dispatch.orphans";

    /**
     * policy-service's own topic for sharing rate limits between replicas: every replica joins one
     * consumer group on it, and its share of each client's limit is the fraction of partitions it
     * is assigned. No records are written to it.
     */
    public static final String POLICY_SHARES = "sms.policy.shares";

    /**
     * policy-service's own Idempotency-Key ledger: claims and answers of every replica, keyed by a
     * hash of client and key; delete policy, retention = the keys' lifetime (24 h). Holds request
     * fingerprints and HTTP answers, never a body or a number.
     */
    public static final String POLICY_IDEMPOTENCY = "sms.policy.idempotency";

    /**
     * dispatch-service's own hold for sealed messages not yet due (scheduled sends, marketing deferred
     * past quiet hours): the sealed record as it came, keyed by message id; its replicas share it in a
     * consumer group. Retention 15 days (7 days ahead + 7 days validity). Never a body or a number.
     */
    public static final String DISPATCH_SCHEDULED = "sms.dispatch.scheduled";

    /**
     * policy-service's own status-callback registrations, compacted: per client, its callback URL
     * (key {@code registration:<clientId>}) and the latest delivery health (key
     * {@code health:<clientId>}), read whole by every replica. No secret, body or number.
     */
    public static final String POLICY_CALLBACKS = "sms.policy.callbacks";

    /**
     * policy-service's own durable queue of status callbacks that failed or could not be tried at
     * once, each with its next attempt time; read by the callback consumer group. No body or number.
     */
    public static final String POLICY_CALLBACKS_RETRY = "sms.policy.callbacks.retry";

    /** Suffix of every dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Every main topic, in pipeline order. */
    public static final List<String> ALL = List.of(REQUESTS, APPROVED, SEALED, RECEIPTS, AUDIT, OPTOUTS, INBOUND);

    /** Dead-letter topics of the channels that consume: one per consumed topic. */
    public static final List<String> DEAD_LETTER = List.of(dlq(REQUESTS), dlq(APPROVED), dlq(SEALED));

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
