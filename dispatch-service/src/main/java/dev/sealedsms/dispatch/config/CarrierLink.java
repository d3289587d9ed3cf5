package dev.sealedsms.dispatch.config;

import io.smallrye.config.WithDefault;
import java.util.Optional;

/** How to reach one carrier: the default carrier's keys at the top level, every other's under {@code carriers.<name>}. */
public interface CarrierLink {

    /** SMSC host. */
    String host();

    /** SMSC port. */
    @WithDefault("2775")
    int port();

    /** system_id of our binds. */
    String systemId();

    /** Bind password. Supplied by the deployment, never in source. */
    String password();

    /** system_type of our binds; most carriers want none. */
    Optional<String> systemType();

    /** Binds kept open to the carrier: each is a transceiver, or a transmitter plus a receiver. */
    @WithDefault("1")
    int binds();

    /** TRX (one transceiver per bind) or TX_RX (a transmitter and a receiver per bind). */
    @WithDefault("TRX")
    SmppConfig.BindMode bindMode();

    /** Outstanding submit_sm per bind (the window); responses are awaited asynchronously. */
    @WithDefault("64")
    int window();

    /** Connect with TLS (jSMPP's SSL connection factory, the JVM's trust store). */
    @WithDefault("false")
    boolean tls();

    /**
     * Messages per second this carrier takes from all dispatch replicas together (parts count).
     * Every carrier account has one: set it to what the carrier grants. The default, 100, is a
     * conservative account; 0 = no limit, for the simulator and benchmarks only.
     */
    @WithDefault("100")
    int maxTps();

    /** Concatenate long messages with SAR TLVs instead of a UDH. */
    @WithDefault("false")
    boolean sarTlvs();
}
