package dev.sealedsms.simulator.smsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.codec.Gsm7;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receipt journal across a crash of the simulator: {@link Smsc#crash()} stands in for
 * {@code kill -9} (the journal keeps exactly the bytes written before it), then a new SMSC starts
 * on the same journal and port and a real jSMPP client rebinds.
 */
class ReceiptJournalTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long to wait after the last expected receipt to be sure no duplicate follows. */
    private static final Duration QUIET = Duration.ofMillis(1_500);

    @TempDir
    Path dir;

    @Test
    void everyOwedReceiptArrivesExactlyOnceWithItsOriginalIdAfterACrash() throws Exception {
        SmscConfig config = config();
        int n = 25;
        List<String> ids = new ArrayList<>();
        Smsc first = Smsc.start(config);
        int port = first.port();
        try (TestEsme esme = TestEsme.bind(port, BindType.BIND_TRX, config)) {
            first.holdReceipts();
            for (int i = 0; i < n; i++) {
                ids.add(esme.submit("ACME", "44740000" + String.format("%04d", i), 0, Gsm7.encode("m" + i), true));
            }
            awaitHeld(first, n);

            first.crash();

            assertEquals(0, first.receiptsSent(), "nothing reached the ESME before the crash");
        }
        try (Smsc again = Smsc.start(config.withPort(port));
                TestEsme esme = TestEsme.bind(again.port(), BindType.BIND_TRX, config)) {
            List<DeliverSm> receipts = receipts(esme, n);

            assertEquals(ids.stream().sorted().toList(), receiptedIds(receipts).stream().sorted().toList(),
                    "each receipt once, with the id its submit_sm_resp gave");
            for (DeliverSm r : receipts) {
                assertEquals(receiptedId(r), r.getShortMessageAsDeliveryReceipt().getId(), "the receipt text agrees");
            }
            awaitSent(again, n);
        }
    }

    @Test
    void receiptsTakenBeforeTheCrashAreNotSentAgain() throws Exception {
        SmscConfig config = config();
        List<String> owed = new ArrayList<>();
        Smsc first = Smsc.start(config);
        int port = first.port();
        try (TestEsme esme = TestEsme.bind(port, BindType.BIND_TRX, config)) {
            for (int i = 0; i < 5; i++) {
                esme.submit("ACME", "447400000001", 0, Gsm7.encode("taken" + i), true);
            }
            assertEquals(5, receipts(esme, 5).size());
            awaitSent(first, 5);
            first.holdReceipts();
            for (int i = 0; i < 3; i++) {
                owed.add(esme.submit("ACME", "447400000002", 0, Gsm7.encode("owed" + i), true));
            }
            awaitHeld(first, 3);

            first.crash();
        }
        try (Smsc again = Smsc.start(config.withPort(port));
                TestEsme esme = TestEsme.bind(again.port(), BindType.BIND_TRX, config)) {
            List<DeliverSm> receipts = receipts(esme, 3);

            assertEquals(owed.stream().sorted().toList(), receiptedIds(receipts).stream().sorted().toList(),
                    "only the receipts never acknowledged");
        }
    }

    @Test
    void aTruncatedLastLineIsSkippedAndTheRestResumed() throws Exception {
        SmscConfig config = config();
        List<String> ids = new ArrayList<>();
        Smsc first = Smsc.start(config);
        int port = first.port();
        try (TestEsme esme = TestEsme.bind(port, BindType.BIND_TRX, config)) {
            first.holdReceipts();
            for (int i = 0; i < 4; i++) {
                ids.add(esme.submit("ACME", "447400000001", 0, Gsm7.encode("x" + i), true));
            }
            awaitHeld(first, 4);
            first.crash();
        }
        // A kill in the middle of the fourth write: its line ends half-way, without a newline.
        try (FileChannel journal = FileChannel.open(config.receiptJournal(), StandardOpenOption.WRITE)) {
            journal.truncate(journal.size() - 30);
        }

        try (Smsc again = Smsc.start(config.withPort(port))) {
            // Read before any ESME binds, so no receipt is done yet.
            List<String> compacted = Files.readAllLines(config.receiptJournal(), StandardCharsets.UTF_8);
            List<DeliverSm> receipts;
            try (TestEsme esme = TestEsme.bind(again.port(), BindType.BIND_TRX, config)) {
                receipts = receipts(esme, 3);
            }

            assertTrue(again.isListening(), "the cut line did not stop the start");
            assertEquals(ids.subList(0, 3), receiptedIds(receipts).stream().sorted().toList(),
                    "the three whole lines are resumed, the cut one is not");
            assertEquals(ReceiptJournal.HEADER, compacted.getFirst());
            assertEquals(1 + 3, compacted.size(), "the rewritten journal holds only the receipts owed: " + compacted);
            assertTrue(compacted.stream().skip(1).allMatch(line -> line.startsWith("R\t")), compacted.toString());
        }
    }

    @Test
    void aReceiptNotYetDueKeepsItsDueTimeAcrossTheRestart() throws Exception {
        Duration delay = Duration.ofSeconds(2);
        SmscConfig config = config().withReceiptDelay(delay);
        Smsc first = Smsc.start(config);
        int port = first.port();
        Instant beforeSubmit = Instant.now();
        String id;
        try (TestEsme esme = TestEsme.bind(port, BindType.BIND_TRX, config)) {
            id = esme.submit("ACME", "447400000001", 0, Gsm7.encode("later"), true);
            first.crash();
        }
        try (Smsc again = Smsc.start(config.withPort(port));
                TestEsme esme = TestEsme.bind(again.port(), BindType.BIND_TRX, config)) {
            DeliverSm receipt = esme.nextDeliverSm(WAIT);
            Instant arrived = Instant.now();

            assertNotNull(receipt, "the receipt comes after the restart");
            assertEquals(id, receiptedId(receipt));
            assertFalse(arrived.isBefore(beforeSubmit.plus(delay)),
                    "not before its original due time; arrived " + Duration.between(beforeSubmit, arrived)
                            + " after the submit");
        }
    }

    @Test
    void newIdsStayAboveTheIdsTheJournalStillOwes() throws Exception {
        SmscConfig config = config();
        long owedNumber = MessageIds.next() + 1_000_000_000L;
        try (ReceiptJournal journal = ReceiptJournal.open(config.receiptJournal())) {
            Submission s = new Submission(Long.toString(owedNumber), config.systemId(), "ACME", "447400000001", "", 0,
                    Instant.now(), null, 0);
            journal.owed(new PendingReceipt(journal.nextEntry(), s, owedNumber, ReceiptOutcome.DELIVERED,
                    (byte) 5, (byte) 0, (byte) 1, (byte) 1, s.receivedAt()));
        }

        try (Smsc smsc = Smsc.start(config); TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config)) {
            DeliverSm restored = esme.nextDeliverSm(WAIT);
            String fresh = esme.submit("ACME", "447400000001", 0, Gsm7.encode("new"), false);

            assertNotNull(restored);
            assertEquals(Long.toString(owedNumber), receiptedId(restored));
            assertEquals("447400000001", restored.getSourceAddr(), "addresses swapped as in any receipt");
            assertEquals("ACME", restored.getDestAddress());
            assertTrue(Long.parseLong(fresh) > owedNumber, "fresh id " + fresh + " above the owed " + owedNumber);
        }
    }

    @Test
    void restartingDecimalIdsStillStartAtOneWhileOwedReceiptsKeepTheirs() throws Exception {
        SmscConfig config = config().withIdFormat(IdFormat.DECIMAL_RESTARTING);
        Smsc first = Smsc.start(config);
        int port = first.port();
        try (TestEsme esme = TestEsme.bind(port, BindType.BIND_TRX, config)) {
            first.holdReceipts();
            assertEquals("1", esme.submit("ACME", "447400000001", 0, Gsm7.encode("a"), true));
            assertEquals("2", esme.submit("ACME", "447400000001", 0, Gsm7.encode("b"), true));
            awaitHeld(first, 2);
            first.crash();
        }
        try (Smsc again = Smsc.start(config.withPort(port));
                TestEsme esme = TestEsme.bind(again.port(), BindType.BIND_TRX, config)) {
            List<DeliverSm> owed = receipts(esme, 2);
            String fresh = esme.submit("ACME", "447400000001", 0, Gsm7.encode("c"), true);
            List<DeliverSm> freshReceipt = receipts(esme, 1);

            assertEquals(List.of("1", "2"), receiptedIds(owed).stream().sorted().toList());
            assertEquals("1", fresh, "the restarted carrier counts from 1 again, on purpose");
            assertEquals(List.of("1"), receiptedIds(freshReceipt));
        }
    }

    @Test
    void aGracefulCloseKeepsOwedReceiptsToo() throws Exception {
        SmscConfig config = config();
        String id;
        int port;
        try (Smsc first = Smsc.start(config); TestEsme esme = TestEsme.bind(first.port(), BindType.BIND_TRX, config)) {
            port = first.port();
            first.holdReceipts();
            id = esme.submit("ACME", "447400000001", 0, Gsm7.encode("x"), true);
            awaitHeld(first, 1);
        }
        try (Smsc again = Smsc.start(config.withPort(port));
                TestEsme esme = TestEsme.bind(again.port(), BindType.BIND_TRX, config)) {
            assertEquals(List.of(id), receiptedIds(receipts(esme, 1)));
        }
    }

    @Test
    void aDirectoryAsJournalStopsStartUp() {
        assertThrows(IllegalArgumentException.class, () -> SmscConfig.defaults().withReceiptJournal(dir));
    }

    private SmscConfig config() {
        return SmscConfig.defaults().withReceiptDelay(Duration.ZERO).withReceiptJournal(dir.resolve("receipts.journal"));
    }

    /** Exactly {@code n} deliver_sm, then none for {@link #QUIET}: a duplicate fails the test. */
    private static List<DeliverSm> receipts(TestEsme esme, int n) throws InterruptedException {
        List<DeliverSm> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got.size() < n && System.nanoTime() < deadline) {
            DeliverSm d = esme.nextDeliverSm(Duration.ofMillis(100));
            if (d != null) {
                got.add(d);
            }
        }
        assertEquals(n, got.size(), "receipts within " + WAIT);
        DeliverSm extra = esme.nextDeliverSm(QUIET);
        assertNull(extra == null ? null : receiptedId(extra), "no receipt beyond the " + n + " owed");
        return got;
    }

    private static List<String> receiptedIds(List<DeliverSm> receipts) {
        return receipts.stream().map(ReceiptJournalTest::receiptedId).toList();
    }

    private static String receiptedId(DeliverSm receipt) {
        assertTrue(receipt.isSmscDeliveryReceipt(), "a delivery receipt");
        OptionalParameter.COctetString id = (OptionalParameter.COctetString)
                receipt.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code());
        assertNotNull(id, "receipted_message_id TLV");
        return id.getValueAsString();
    }

    private static void awaitHeld(Smsc smsc, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (smsc.heldReceipts() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, smsc.heldReceipts(), "receipts held before the crash");
    }

    private static void awaitSent(Smsc smsc, long n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (smsc.receiptsSent() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, smsc.receiptsSent(), "deliver_sm_resp OK counted (and journaled)");
    }
}
