package dev.sealedsms.simulator.config;

import dev.sealedsms.simulator.smsc.Faults;
import dev.sealedsms.simulator.smsc.IdFormat;
import dev.sealedsms.simulator.smsc.SmscConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The simulator's settings ({@code simulator.*}, or {@code SIMULATOR_*} environment variables).
 * Values are checked by {@link SmscConfig} when the SMSC starts; a bad one stops start-up with a
 * message naming it.
 */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {

    /** Where the SMPP server listens. */
    Smpp smpp();

    /** The only system_id allowed to bind; SMPP 3.4 allows at most 15 characters. */
    @WithDefault("sealed")
    String systemId();

    /**
     * Password for {@link #systemId()}, at most 8 characters. No default: production must set
     * {@code SIMULATOR_PASSWORD} or start-up fails naming {@code simulator.password}; the dev and
     * test profiles set one.
     */
    String password();

    /** Time between a submit_sm_resp and its delivery receipt. */
    @WithDefault("PT1S")
    Duration receiptDelay();

    /**
     * Destination numbers starting with this get {@code stat:UNDELIV} receipts (message_state 5);
     * unset, every message is delivered.
     */
    Optional<String> undeliverablePrefix();

    /** Fault injection; every fault is off by default. */
    FaultSettings faults();

    /** How message ids are written: DECIMAL, HEX, HEX_RESPONSE_DECIMAL_RECEIPT or DECIMAL_RESTARTING. */
    @WithDefault("DECIMAL")
    IdFormat idFormat();

    /** Whether receipts carry receipted_message_id and message_state TLVs, or only the text. */
    @WithDefault("true")
    boolean receiptTlvs();

    /**
     * File in which the SMSC keeps the receipts it owes, so that a restart of the simulator, even a
     * {@code kill -9}, loses none: they are sent again after the next start, with their original
     * message ids. Unset or empty: off, receipts not yet sent die with the process. The file holds
     * receipt addresses (never bodies); it is a test simulator's file.
     */
    Optional<String> receiptJournal();

    interface FaultSettings {
        /** Share of submits answered ESME_RTHROTTLED, 0..1. */
        @WithDefault("0")
        double throttleRate();

        /** Share of submits answered with a permanent error (ESME_RINVDSTADR), 0..1. */
        @WithDefault("0")
        double errorRate();

        /** Share of accepted submits whose receipt is UNDELIV, 0..1. */
        @WithDefault("0")
        double undeliverableRate();

        /** Submits per second accepted over all sessions; 0 = no limit. */
        @WithDefault("0")
        int maxTps();

        /** Close a session's connection at every N-th submit; 0 = never. */
        @WithDefault("0")
        int dropAfterSubmits();

        /** Seed of the random choices; 0 = fresh each start. */
        @WithDefault("0")
        long seed();

        /** Each receipt comes up to this much later than receipt-delay, uniformly. */
        @WithDefault("PT0S")
        java.time.Duration receiptJitter();

        /** A refused receipt is never sent again (a strict carrier); false = resend it every 500 ms. */
        @WithDefault("false")
        boolean dropRefusedReceipts();

        /** Unbind a session that refused this many receipts; 0 = never. */
        @WithDefault("0")
        int unbindAfterRefusals();

        /** Close a session right after answering every N-th submit (accepted, answered, then gone); 0 = never. */
        @WithDefault("0")
        int closeAfterAnswers();
    }

    interface Smpp {

        /** Address to listen on; {@code 0.0.0.0} for every interface (containers). */
        @WithDefault("127.0.0.1")
        String host();

        /** TCP port; {@code 0} picks a free one (the test profile does). */
        @WithDefault("2775")
        int port();
    }

    default SmscConfig toSmscConfig() {
        FaultSettings f = faults();
        return new SmscConfig(smpp().host(), smpp().port(), systemId(), password(), receiptDelay(),
                undeliverablePrefix().orElse(null), new Faults(f.throttleRate(), f.errorRate(), f.undeliverableRate(),
                        f.maxTps(), f.dropAfterSubmits(), f.seed(), f.receiptJitter(), f.dropRefusedReceipts(),
                        f.unbindAfterRefusals(), f.closeAfterAnswers()),
                idFormat(), receiptTlvs(),
                receiptJournal().filter(p -> !p.isBlank()).map(java.nio.file.Path::of).orElse(null));
    }
}
