package dev.sealedsms.dispatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * Carriers and how to reach them. The top-level keys describe the default carrier (named
 * {@link #carrier()}); {@link #carriers()} adds more by name, and {@link #routes()} sends each
 * destination prefix to an ordered, weighted list of them. Session timings apply to every carrier.
 */
@ConfigMapping(prefix = "sealed.smpp")
public interface SmppConfig extends CarrierLink {

    /** Name of the default carrier, as receipts report it. */
    @WithDefault("simulator")
    String carrier();

    /** More carriers, by name; each has the same keys as the default one. */
    Map<String, Carrier> carriers();

    /**
     * Routes: destination prefix (E.164 digits, or a country code) → ordered carriers with weights,
     * e.g. {@code sealed.smpp.routes."44"=simulator:3,backup:1}. The longest prefix wins; {@code *}
     * is the default route; without routes everything goes to {@link #carrier()}.
     */
    Map<String, String> routes();

    /** How long to wait for bind_resp. */
    @WithDefault("PT5S")
    Duration bindTimeout();

    /** How long to wait for any response PDU (submit_sm_resp) before treating the submit as failed. */
    @WithDefault("PT10S")
    Duration responseTimeout();

    /** Interval of enquire_link keep-alives on an idle bind. */
    @WithDefault("PT30S")
    Duration enquireLink();

    /** First delay before re-binding or re-submitting after a transient failure; doubles, with jitter. */
    @WithDefault("PT0.2S")
    Duration retryInitial();

    /** Longest delay between retries. */
    @WithDefault("PT10S")
    Duration retryMax();

    /** Sealed messages held at once (submitting, waiting to retry); beyond it, consumption waits. */
    @WithDefault("4096")
    int maxInFlight();

    /**
     * jSMPP threads per session that process incoming PDUs (responses, receipts, MO). A receipt holds
     * one for a durable Kafka write, so with too few, a carrier sending receipts fast starves the
     * submit_sm_resps of the same bind: in bench/dispatch, 1 bind, 8 threads gave 346 submit_sm/s and
     * 32 gave 730.
     */
    @WithDefault("32")
    int pduProcessors();

    /**
     * Receipts (and MO) per session read from the link and not yet answered. Past it the session
     * stops reading its socket until one is answered: back-pressure on the carrier, never an
     * ESME_RTHROTTLED answer (jSMPP's own queue is sized above it).
     */
    @WithDefault("1000")
    int receiptBacklog();

    /**
     * How long a receipt whose carrier id is not known waits for another replica's correlation
     * record (or, with TX+RX binds, for the submit_sm_resp on the other link) before it is kept as
     * an orphan and acknowledged.
     */
    @WithDefault("PT0.5S")
    Duration unknownReceiptWait();

    /**
     * Validity of a message that carries no not-after of its own: sent as the submit_sm's
     * validity_period, and when it ends without a receipt the message ends EXPIRED.
     */
    @WithDefault("PT48H")
    Duration defaultValidity();

    /**
     * How long after a message's validity dispatch still waits for the carrier's receipt before it
     * ends the message EXPIRED itself (reason NO_RECEIPT): carriers send their own EXPIRED receipt at
     * validity, late ones a little after.
     */
    @WithDefault("PT15M")
    Duration expiryGrace();

    /**
     * The time zone of the {@code submit date:} in carriers' receipt texts (SMPP gives none; many
     * carriers write local time). With it a receipt is matched only to a submit the carrier took in
     * that minute, so an id the carrier reuses after a restart never gets another message's receipt.
     */
    @WithDefault("UTC")
    String receiptDateZone();

    /** One more carrier: the same keys as the default one. */
    interface Carrier extends CarrierLink {
    }

    /** How one bind is made. */
    enum BindMode {
        /** One transceiver session. */
        TRX,
        /** A transmitter session for submits and a receiver session for receipts and MO. */
        TX_RX
    }
}
