package dev.sealedsms.simulator.smsc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Smsc} listens, whom it lets bind, and how it answers. Validated on construction so a
 * bad value stops the simulator before it listens, never at the first bind.
 *
 * <p>Each further option (fault injection, id format, TLVs, the receipt journal) is a component
 * with a neutral default in {@link #defaults()} and a {@code with...} method.
 *
 * @param host                address to listen on; {@code 0.0.0.0} for all interfaces
 * @param port                TCP port; {@code 0} picks a free one (read it back with {@link Smsc#port()})
 * @param systemId            the only system_id allowed to bind (SMPP 3.4: at most 15 characters)
 * @param password            its password (SMPP 3.4: at most 8 characters)
 * @param receiptDelay        time between the submit_sm_resp and the delivery receipt; zero or more
 * @param undeliverablePrefix destinations starting with this get {@code stat:UNDELIV} receipts;
 *                            {@code null} or empty for none (normalised to {@code null})
 * @param faults              fault injection; {@link Faults#NONE} for a perfect carrier
 * @param idFormat            how message ids are written
 * @param receiptTlvs         whether receipts carry {@code receipted_message_id} and {@code message_state}
 *                            TLVs; without them the ESME must read the receipt text
 * @param receiptJournal      file in which the SMSC keeps the receipts it owes, so that a restart of
 *                            the simulator (even {@code kill -9}) loses none ({@link ReceiptJournal});
 *                            {@code null} for none: receipts not yet sent die with the process
 */
public record SmscConfig(
        String host,
        int port,
        String systemId,
        String password,
        Duration receiptDelay,
        String undeliverablePrefix,
        Faults faults,
        IdFormat idFormat,
        boolean receiptTlvs,
        Path receiptJournal) {

    /** The IANA-registered SMPP port, used by the Quarkus app; embedded simulators default to a free port. */
    public static final int SMPP_PORT = 2775;
    static final int MAX_SYSTEM_ID = 15;
    static final int MAX_PASSWORD = 8;

    public SmscConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(receiptDelay, "receiptDelay");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(idFormat, "idFormat");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535 (0 = any free port), was " + port);
        }
        if (systemId.isBlank() || systemId.length() > MAX_SYSTEM_ID) {
            throw new IllegalArgumentException("systemId must be 1.." + MAX_SYSTEM_ID
                    + " characters (SMPP 3.4 system_id), was " + systemId.length());
        }
        if (password.length() > MAX_PASSWORD) {
            // No ESME could send a longer one: every bind would fail with ESME_RINVPASWD.
            throw new IllegalArgumentException("password must be at most " + MAX_PASSWORD
                    + " characters (SMPP 3.4 password), was " + password.length());
        }
        if (receiptDelay.isNegative()) {
            throw new IllegalArgumentException("receiptDelay must not be negative, was " + receiptDelay);
        }
        if (receiptJournal != null && Files.isDirectory(receiptJournal)) {
            throw new IllegalArgumentException("receiptJournal must be a file, " + receiptJournal + " is a directory");
        }
        if (undeliverablePrefix != null && undeliverablePrefix.isEmpty()) {
            undeliverablePrefix = null;
        }
    }

    /** A well-behaved carrier: no faults, decimal ids, receipts with TLVs. */
    public SmscConfig(String host, int port, String systemId, String password, Duration receiptDelay,
            String undeliverablePrefix) {
        this(host, port, systemId, password, receiptDelay, undeliverablePrefix, Faults.NONE, IdFormat.DECIMAL, true,
                null);
    }

    /**
     * Defaults for embedding in tests: loopback, a free port, system id {@code sealed} with password
     * {@code sealedpw}, receipts after 100 ms, every destination delivered, no receipt journal.
     */
    public static SmscConfig defaults() {
        return new SmscConfig("127.0.0.1", 0, "sealed", "sealedpw", Duration.ofMillis(100), null);
    }

    public SmscConfig withPort(int newPort) {
        return new SmscConfig(host, newPort, systemId, password, receiptDelay, undeliverablePrefix, faults, idFormat,
                receiptTlvs, receiptJournal);
    }

    public SmscConfig withCredentials(String newSystemId, String newPassword) {
        return new SmscConfig(host, port, newSystemId, newPassword, receiptDelay, undeliverablePrefix, faults, idFormat,
                receiptTlvs, receiptJournal);
    }

    public SmscConfig withReceiptDelay(Duration newDelay) {
        return new SmscConfig(host, port, systemId, password, newDelay, undeliverablePrefix, faults, idFormat, receiptTlvs,
                receiptJournal);
    }

    public SmscConfig withUndeliverablePrefix(String newPrefix) {
        return new SmscConfig(host, port, systemId, password, receiptDelay, newPrefix, faults, idFormat, receiptTlvs,
                receiptJournal);
    }

    public SmscConfig withFaults(Faults newFaults) {
        return new SmscConfig(host, port, systemId, password, receiptDelay, undeliverablePrefix, newFaults, idFormat,
                receiptTlvs, receiptJournal);
    }

    public SmscConfig withIdFormat(IdFormat newFormat) {
        return new SmscConfig(host, port, systemId, password, receiptDelay, undeliverablePrefix, faults, newFormat,
                receiptTlvs, receiptJournal);
    }

    public SmscConfig withReceiptTlvs(boolean tlvs) {
        return new SmscConfig(host, port, systemId, password, receiptDelay, undeliverablePrefix, faults, idFormat,
                tlvs, receiptJournal);
    }

    /** Keeps owed receipts in {@code journal} across restarts; {@code null} turns that off. */
    public SmscConfig withReceiptJournal(Path journal) {
        return new SmscConfig(host, port, systemId, password, receiptDelay, undeliverablePrefix, faults, idFormat,
                receiptTlvs, journal);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SmscConfig[host=" + host + ", port=" + port + ", systemId=" + systemId
                + ", password=<redacted>, receiptDelay=" + receiptDelay
                + ", undeliverablePrefix=" + undeliverablePrefix + ", faults=" + faults + ", idFormat=" + idFormat
                + ", receiptTlvs=" + receiptTlvs + ", receiptJournal=" + receiptJournal + "]";
    }
}
