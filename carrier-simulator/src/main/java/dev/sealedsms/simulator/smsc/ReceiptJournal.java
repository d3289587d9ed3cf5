package dev.sealedsms.simulator.smsc;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.jboss.logging.Logger;

/**
 * The receipts an {@link Smsc} owes, kept in an append-only file so a restart of the simulator,
 * even a {@code kill -9}, loses none ({@link SmscConfig#receiptJournal()}).
 *
 * <p>One line per fact, tab-separated, each ending in a CRC-32 of the rest of the line:
 * {@code R} (a receipt is owed: written before the submit_sm_resp goes out) and {@code D} (it was
 * taken with deliver_sm_resp OK, or given up for good). Each line is one plain write to a
 * {@link FileOutputStream} in append mode, with no fsync: the bytes are in the kernel's page cache
 * once {@code write} returns, and the kernel keeps them when the process is killed (SIGKILL included);
 * only a crash of the machine itself could lose the last lines, and a simulator need not survive
 * that. A kill in the middle of a write leaves at most a truncated last line, which the next start
 * skips with {@code SMSC051}. (A stream, not a {@code FileChannel}: an interrupted thread would
 * close a channel for every writer, and {@link Smsc#close()} interrupts the receipt threads.)
 *
 * <p>On open the file is read, the receipts owed and not done are handed to the SMSC, and the file
 * is rewritten with only those (via a temporary file and an atomic rename, so a kill during the
 * rewrite leaves the old journal whole).
 *
 * <p>This is a test simulator's file: an {@code R} line holds what resending the receipt needs,
 * which includes the source and destination addresses (a receipt is addressed with them), but never
 * a message body. Strings are URL-encoded so no address can break a line.
 */
final class ReceiptJournal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReceiptJournal.class);

    static final String HEADER = "# carrier-simulator receipt journal v1: receipts owed (R) and done (D);"
            + " test simulator file, holds addresses, never bodies";
    private static final String OWED = "R";
    private static final String DONE = "D";
    private static final int OWED_FIELDS = 14;

    private final Path path;
    private final OutputStream out;
    private final AtomicLong nextEntry;
    private final List<PendingReceipt> recovered;
    private final int skipped;

    private ReceiptJournal(Path path, OutputStream out, long nextEntry, List<PendingReceipt> recovered,
            int skipped) {
        this.path = path;
        this.out = out;
        this.nextEntry = new AtomicLong(nextEntry);
        this.recovered = List.copyOf(recovered);
        this.skipped = skipped;
    }

    /** No journal: nothing is written or recovered. */
    static ReceiptJournal off() {
        return new ReceiptJournal(null, null, 0, List.of(), 0);
    }

    /**
     * Reads what an earlier run owes, rewrites the file with only that, and keeps it open for
     * appending. A missing file (and its directories) is created.
     *
     * @throws IOException if the file cannot be read, rewritten or opened
     */
    static ReceiptJournal open(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Map<Long, PendingReceipt> owed = new LinkedHashMap<>();
        long maxEntry = 0;
        int skipped = 0;
        if (Files.exists(path)) {
            boolean endsWithNewline = endsWithNewline(path);
            try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                int lineNo = 0;
                for (String line = in.readLine(), next; line != null; line = next) {
                    next = in.readLine();
                    lineNo++;
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    if (next == null && !endsWithNewline) {
                        // The last write was cut short: a kill in the middle of it.
                        LOG.warnf("SMSC051 receipt journal %s line %d skipped: truncated", path, lineNo);
                        skipped++;
                        continue;
                    }
                    try {
                        String[] f = verified(line);
                        long entry = Long.parseLong(f[1]);
                        maxEntry = Math.max(maxEntry, entry);
                        switch (f[0]) {
                            case OWED -> owed.put(entry, owedReceipt(f));
                            case DONE -> owed.remove(entry);
                            default -> throw new IllegalArgumentException("unknown record " + f[0]);
                        }
                    } catch (RuntimeException e) {
                        LOG.warnf("SMSC051 receipt journal %s line %d skipped: corrupt (%s)", path, lineNo,
                                e.getMessage());
                        skipped++;
                    }
                }
            }
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        // Owner only: the addresses in it are phone numbers, as in a carrier's own store.
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (OutputStream out = Files.newOutputStream(tmp)) {
            write(out, HEADER);
            for (PendingReceipt r : owed.values()) {
                write(out, owedLine(r));
            }
        }
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        OutputStream out = new FileOutputStream(path.toFile(), true);
        return new ReceiptJournal(path, out, maxEntry + 1, new ArrayList<>(owed.values()), skipped);
    }

    boolean isOn() {
        return out != null;
    }

    /** The file, or null when off. */
    Path path() {
        return path;
    }

    /** Receipts the earlier run owed and never marked done, in the order they were owed. */
    List<PendingReceipt> recovered() {
        return recovered;
    }

    /** Lines of the earlier run that could not be read (truncated or corrupt). */
    int skippedLines() {
        return skipped;
    }

    /** A fresh key for a receipt about to be owed; 0 when off. */
    long nextEntry() {
        return isOn() ? nextEntry.getAndIncrement() : 0;
    }

    /** Records that {@code receipt} is owed; returns once the line is written. */
    void owed(PendingReceipt receipt) throws IOException {
        if (isOn()) {
            append(owedLine(receipt));
        }
    }

    /** Records that {@code receipt} needs no sending again: taken by the ESME, or given up for good. */
    void done(PendingReceipt receipt) throws IOException {
        if (isOn() && receipt.journalEntry() > 0) {
            append(withCrc(DONE + "\t" + receipt.journalEntry()));
        }
    }

    /** Closes the file; nothing is written, so what it says stays for the next start. */
    @Override
    public void close() {
        if (!isOn()) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            LOG.warnf(e, "SMSC054 closing the receipt journal %s failed", path);
        }
    }

    private synchronized void append(String line) throws IOException {
        // One line per write, under the lock, so concurrent receipts never interleave their bytes.
        write(out, line);
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static boolean endsWithNewline(Path path) throws IOException {
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = in.size();
            if (size == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            in.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    static String owedLine(PendingReceipt r) {
        Submission s = r.submission();
        return withCrc(String.join("\t", OWED, Long.toString(r.journalEntry()), enc(s.carrierMessageId()),
                Long.toString(r.idNumber()), enc(s.systemId()), enc(s.sourceAddr()), enc(s.destinationAddr()),
                r.outcome().name(), Byte.toString(r.sourceTon()), Byte.toString(r.sourceNpi()),
                Byte.toString(r.destTon()), Byte.toString(r.destNpi()), s.receivedAt().toString(),
                r.doneAt().toString()));
    }

    /** Rebuilds the receipt; its submission has no body, data coding or validity (the receipt needs none). */
    private static PendingReceipt owedReceipt(String[] f) {
        if (f.length != OWED_FIELDS) {
            throw new IllegalArgumentException(f.length + " fields, " + OWED_FIELDS + " expected");
        }
        Submission submission = new Submission(dec(f[2]), dec(f[4]), dec(f[5]), dec(f[6]), "", 0,
                Instant.parse(f[12]), null, 0);
        return new PendingReceipt(Long.parseLong(f[1]), submission, Long.parseLong(f[3]), ReceiptOutcome.valueOf(f[7]),
                Byte.parseByte(f[8]), Byte.parseByte(f[9]), Byte.parseByte(f[10]), Byte.parseByte(f[11]),
                Instant.parse(f[13]));
    }

    private static String withCrc(String content) {
        return content + "\t" + crc(content);
    }

    /** The line's fields without its CRC, once the CRC matches. */
    private static String[] verified(String line) {
        int tab = line.lastIndexOf('\t');
        if (tab < 0) {
            throw new IllegalArgumentException("no checksum");
        }
        String content = line.substring(0, tab);
        if (!crc(content).equals(line.substring(tab + 1))) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        String[] fields = content.split("\t", -1);
        if (fields.length < 2) {
            throw new IllegalArgumentException("no entry number");
        }
        return fields;
    }

    private static String crc(String content) {
        CRC32 crc = new CRC32();
        crc.update(content.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
