package dev.sealedsms.dispatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The carrier link. One carrier and one transceiver bind for now; routing grows from here. */
@ConfigMapping(prefix = "sealed.smpp")
public interface SmppConfig {

    /** Name of the carrier, as receipts report it. */
    @WithDefault("simulator")
    String carrier();

    /** SMSC host. */
    String host();

    /** SMSC port. */
    @WithDefault("2775")
    int port();

    /** system_id of our bind. */
    String systemId();

    /** Bind password. Supplied by the deployment, never in source. */
    String password();

    /** system_type of our bind; most carriers want none. */
    java.util.Optional<String> systemType();

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
}
