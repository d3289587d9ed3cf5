package dev.sealedsms.simulator.smsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.codec.Gsm7;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.MessageState;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SMSC against a real jSMPP client over loopback TCP. */
class SmscTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String SENDER = "SealedBank";
    private static final String UNDELIVERABLE = "99900";

    private static SmscConfig config;
    private static Smsc smsc;

    @BeforeAll
    static void startSmsc() {
        config = SmscConfig.defaults()
                .withReceiptDelay(Duration.ofMillis(20))
                .withUndeliverablePrefix(UNDELIVERABLE);
        smsc = Smsc.start(config);
    }

    @AfterAll
    static void stopSmsc() {
        smsc.close();
    }

    @Test
    void recordsGsm7BodyWithExtensionCharactersExactly() throws Exception {
        String body = "Pay 5€ [ref] {x} ~^|\\ @£ ok";
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config)) {
            String id = esme.submit(SENDER, "447700900001", 0, Gsm7.encode(body), false);

            Submission s = submission(id);
            assertEquals(body, s.body());
            assertEquals("447700900001", s.destinationAddr());
            assertEquals(SENDER, s.sourceAddr());
            assertEquals(0, s.dataCoding());
            assertEquals(config.systemId(), s.systemId());
        }
    }

    @Test
    void recordsUcs2BodyWithEmojiAndGreekExactly() throws Exception {
        String body = "Γειά σου κόσμε 👋🏽 — ΑΒΓ";
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config)) {
            String id = esme.submit(SENDER, "306900000002", 8, body.getBytes(StandardCharsets.UTF_16BE), false);

            Submission s = submission(id);
            assertEquals(body, s.body());
            assertEquals("306900000002", s.destinationAddr());
            assertEquals(8, s.dataCoding());
        }
    }

    @Test
    void decodesLongBodyFromMessagePayloadWhenShortMessageIsEmpty() throws Exception {
        String body = "Your statement is ready. ".repeat(20);
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TX, config)) {
            String id = esme.submit(SENDER, "447700900003", 0, new byte[0], false,
                    new OptionalParameter.Message_payload(Gsm7.encode(body)));

            assertEquals(500, submission(id).body().length());
            assertEquals(body, submission(id).body());
        }
    }

    @Test
    void decodesLatin1Body() throws Exception {
        String body = "Café crème à 3€? non: ¿qué?".replace("€", "E");
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TX, config)) {
            String id = esme.submit(SENDER, "447700900004", 3, body.getBytes(StandardCharsets.ISO_8859_1), false);

            assertEquals(body, submission(id).body());
        }
    }

    @Test
    void givesEachSubmitAUniqueDecimalMessageId() throws Exception {
        Set<String> ids = new HashSet<>();
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TX, config)) {
            for (int i = 0; i < 25; i++) {
                ids.add(esme.submit(SENDER, "4477009001" + (10 + i), 0, Gsm7.encode("n" + i), false));
            }
        }

        assertEquals(25, ids.size());
        assertTrue(ids.stream().allMatch(id -> id.matches("\\d{1,64}")), "decimal ids");
        assertTrue(smsc.submissions().stream().map(Submission::carrierMessageId).toList().containsAll(ids));
    }

    @Test
    void sendsDeliveredReceiptCarryingTheMessageIdInTextAndTlv() throws Exception {
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config)) {
            long sentBefore = smsc.receiptsSent();
            String id = esme.submit(SENDER, "447700900005", 0, Gsm7.encode("secret code 1234"), true);

            DeliverSm receipt = esme.nextDeliverSm(WAIT);

            assertNotNull(receipt, "receipt within " + WAIT);
            assertTrue(receipt.isSmscDeliveryReceipt(), "esm_class marks an SMSC delivery receipt");
            DeliveryReceipt text = receipt.getShortMessageAsDeliveryReceipt();
            assertEquals(id, text.getId());
            assertEquals(DeliveryReceiptState.DELIVRD, text.getFinalStatus());
            assertEquals(1, text.getSubmitted());
            assertEquals(1, text.getDelivered());
            assertEquals("000", text.getError());
            assertTrue(text.getText() == null || text.getText().isEmpty(), "receipt never echoes content");
            assertTrue(new String(receipt.getShortMessage(), StandardCharsets.US_ASCII).endsWith(" text:"));
            assertEquals(id, receiptedMessageId(receipt));
            assertEquals(MessageState.DELIVERED.value(), messageState(receipt));
            assertEquals("447700900005", receipt.getSourceAddr(), "addresses swapped");
            assertEquals(SENDER, receipt.getDestAddress(), "addresses swapped");
            awaitTrue(() -> smsc.receiptsSent() == sentBefore + 1);
        }
    }

    @Test
    void sendsUndelivReceiptForDestinationsWithTheUndeliverablePrefix() throws Exception {
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config)) {
            String id = esme.submit(SENDER, UNDELIVERABLE + "123", 0, Gsm7.encode("hello"), true);

            DeliverSm receipt = esme.nextDeliverSm(WAIT);

            assertNotNull(receipt, "receipt within " + WAIT);
            DeliveryReceipt text = receipt.getShortMessageAsDeliveryReceipt();
            assertEquals(id, text.getId());
            assertEquals(DeliveryReceiptState.UNDELIV, text.getFinalStatus());
            assertEquals(0, text.getDelivered());
            assertEquals("001", text.getError());
            assertEquals(id, receiptedMessageId(receipt));
            assertEquals(MessageState.UNDELIVERABLE.value(), messageState(receipt));
        }
    }

    @Test
    void sendsNoReceiptWhenRegisteredDeliveryDoesNotAskForOne() throws Exception {
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config)) {
            esme.submit(SENDER, "447700900006", 0, Gsm7.encode("no receipt"), false);
            String wanted = esme.submit(SENDER, "447700900007", 0, Gsm7.encode("receipt"), true);

            DeliverSm first = esme.nextDeliverSm(WAIT);

            assertNotNull(first, "receipt within " + WAIT);
            assertEquals(wanted, receiptedMessageId(first), "the only receipt is the requested one");
            assertNull(esme.nextDeliverSm(Duration.ofMillis(100)));
        }
    }

    @Test
    void keepsReceiptUntilAReceivingSessionBinds() throws Exception {
        String id;
        try (TestEsme transmitter = TestEsme.bind(smsc.port(), BindType.BIND_TX, config)) {
            id = transmitter.submit(SENDER, "447700900008", 0, Gsm7.encode("later"), true);
        }
        awaitTrue(() -> smsc.pendingReceipts() >= 1);
        Thread.sleep(config.receiptDelay().plusMillis(50).toMillis());

        try (TestEsme receiver = TestEsme.bind(smsc.port(), BindType.BIND_RX, config)) {
            DeliverSm receipt = receiver.nextDeliverSm(WAIT);

            assertNotNull(receipt, "held receipt delivered once a receiver binds");
            assertEquals(id, receiptedMessageId(receipt));
        }
    }

    @Test
    void rejectsBindWithWrongPasswordOrSystemId() {
        int boundBefore = smsc.activeSessions();

        IOException badPassword = assertThrows(IOException.class,
                () -> TestEsme.bind(smsc.port(), BindType.BIND_TRX, config.systemId(), "wrong"));
        IOException badSystemId = assertThrows(IOException.class,
                () -> TestEsme.bind(smsc.port(), BindType.BIND_TRX, "intruder", config.password()));

        assertEquals(SMPPConstant.STAT_ESME_RINVPASWD, bindStatus(badPassword));
        assertEquals(SMPPConstant.STAT_ESME_RINVSYSID, bindStatus(badSystemId));
        assertEquals(boundBefore, smsc.activeSessions());
    }

    @Test
    void answersEnquireLinkSoIdleSessionsStayBound() throws Exception {
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config.systemId(), config.password(),
                session -> {
                    // Idle for 100 ms sends an enquire_link; no answer within 100 ms would close the session.
                    session.setEnquireLinkTimer(100);
                    session.setTransactionTimer(100);
                })) {
            long activityBefore = esme.session().getLastActivityTimestamp();

            Thread.sleep(350);

            assertEquals(SessionState.BOUND_TRX, esme.session().getSessionState());
            assertTrue(esme.session().getLastActivityTimestamp() > activityBefore, "enquire_link exchanged");
        }
    }

    @Test
    void rejectsUnsupportedDataCoding() throws Exception {
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TX, config)) {
            NegativeResponseException e = assertThrows(NegativeResponseException.class,
                    () -> esme.submit(SENDER, "447700900009", 4, new byte[] {1, 2, 3}, false));

            assertEquals(SMPPConstant.STAT_ESME_RINVDCS, e.getCommandStatus());
        }
    }

    @Test
    void notifiesSubmissionListeners() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        smsc.onSubmission(s -> seen.add(s.carrierMessageId()));
        try (TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TX, config)) {
            String id = esme.submit(SENDER, "447700900010", 0, Gsm7.encode("hi"), false);

            assertTrue(seen.contains(id));
        }
    }

    @Test
    void closeUnbindsSessionsAndReleasesThePort() throws Exception {
        Smsc own = Smsc.start(SmscConfig.defaults());
        int port = own.port();
        TestEsme esme = TestEsme.bind(port, BindType.BIND_TRX, own.config());
        awaitTrue(() -> own.activeSessions() == 1);

        own.close();

        assertFalse(own.isListening());
        awaitTrue(() -> !esme.session().getSessionState().isBound());
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertEquals(port, again.getLocalPort());
        }
        esme.session().close();
    }

    @Test
    void toStringsNeverShowNumbersBodiesOrPasswords() {
        Submission s = new Submission("1", "sealed", "447700900011", "447700900012", "top secret", 0,
                java.time.Instant.EPOCH, null, 0);

        assertFalse(s.toString().contains("447700900011"));
        assertFalse(s.toString().contains("447700900012"));
        assertFalse(s.toString().contains("top secret"));
        assertFalse(config.toString().contains(config.password()));
    }

    @Test
    void refusesConfigurationNoEsmeCouldBindTo() {
        assertThrows(IllegalArgumentException.class, () -> SmscConfig.defaults().withCredentials("sealed", "ninechars"));
        assertThrows(IllegalArgumentException.class, () -> SmscConfig.defaults().withReceiptDelay(Duration.ofSeconds(-1)));
        assertNull(SmscConfig.defaults().withUndeliverablePrefix("").undeliverablePrefix());
    }

    private static Submission submission(String id) {
        return smsc.submissions().stream()
                .filter(s -> s.carrierMessageId().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no submission recorded for " + id));
    }

    private static String receiptedMessageId(DeliverSm deliverSm) {
        OptionalParameter.Receipted_message_id tlv =
                deliverSm.getOptionalParameter(OptionalParameter.Receipted_message_id.class);
        assertNotNull(tlv, "receipted_message_id TLV");
        return tlv.getValueAsString();
    }

    private static byte messageState(DeliverSm deliverSm) {
        OptionalParameter.Message_state tlv = deliverSm.getOptionalParameter(OptionalParameter.Message_state.class);
        assertNotNull(tlv, "message_state TLV");
        return tlv.getValue();
    }

    private static int bindStatus(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NegativeResponseException n) {
                return n.getCommandStatus();
            }
        }
        assertInstanceOf(NegativeResponseException.class, e.getCause(), "bind refused with a status");
        return -1;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(10);
        }
    }
}
