package dev.sealedsms.simulator.smsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.codec.Gsm7;
import java.io.IOException;
import java.time.Duration;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.NegativeResponseException;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private static final SmscConfig BASE = SmscConfig.defaults().withReceiptDelay(Duration.ZERO);

    @Test
    void throttleAndErrorRatesRejectAboutTheirShare() throws Exception {
        SmscConfig config = BASE.withFaults(Faults.NONE.withThrottleRate(0.3).withErrorRate(0.1).withSeed(7));
        int throttled = 0;
        int errors = 0;
        try (Smsc smsc = Smsc.start(config); TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config)) {
            for (int i = 0; i < 300; i++) {
                try {
                    esme.submit("ACME", "447400000001", 0, Gsm7.encode("x"), false);
                } catch (NegativeResponseException e) {
                    if (e.getCommandStatus() == SMPPConstant.STAT_ESME_RTHROTTLED) {
                        throttled++;
                    } else {
                        assertEquals(SMPPConstant.STAT_ESME_RINVDSTADR, e.getCommandStatus());
                        errors++;
                    }
                }
            }
            assertEquals(300 - throttled - errors, smsc.submissionCount(), "rejected submits are not recorded");
            assertEquals(throttled + errors, smsc.rejectedCount());
        }
        assertTrue(throttled > 60 && throttled < 120, "about 30% throttled, was " + throttled);
        assertTrue(errors > 15 && errors < 50, "about 10% refused, was " + errors);
    }

    @Test
    void maxTpsThrottlesTheExcessWithinASecond() throws Exception {
        SmscConfig config = BASE.withFaults(Faults.NONE.withMaxTps(20));
        int throttled = 0;
        try (Smsc smsc = Smsc.start(config); TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config)) {
            for (int i = 0; i < 60; i++) {
                try {
                    esme.submit("ACME", "447400000001", 0, Gsm7.encode("x"), false);
                } catch (NegativeResponseException e) {
                    assertEquals(SMPPConstant.STAT_ESME_RTHROTTLED, e.getCommandStatus());
                    throttled++;
                }
            }
        }
        assertTrue(throttled >= 20, "at most 20 a second accepted; throttled " + throttled);
    }

    @Test
    void dropsTheConnectionAtEveryNthSubmitWithoutAcceptingIt() throws Exception {
        SmscConfig config = BASE.withFaults(Faults.NONE.withDropAfterSubmits(3));
        try (Smsc smsc = Smsc.start(config); TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config)) {
            esme.submit("ACME", "447400000001", 0, Gsm7.encode("a"), false);
            esme.submit("ACME", "447400000001", 0, Gsm7.encode("b"), false);
            assertThrows(Exception.class, () -> esme.submit("ACME", "447400000001", 0, Gsm7.encode("c"), false));
            assertEquals(2, smsc.submissionCount());
            assertEquals(1, smsc.connectionsDropped());
        }
    }

    @Test
    void hexIdsInResponsesAndDecimalInReceiptTextWithoutTlvs() throws Exception {
        SmscConfig config = BASE.withIdFormat(IdFormat.HEX_RESPONSE_DECIMAL_RECEIPT).withReceiptTlvs(false);
        try (Smsc smsc = Smsc.start(config); TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config)) {
            String id = esme.submit("ACME", "447400000001", 0, Gsm7.encode("x"), true);
            DeliverSm dlr = esme.nextDeliverSm(Duration.ofSeconds(5));

            assertTrue(id.matches("[0-9A-F]+"), id);
            assertNotNull(dlr);
            assertNull(dlr.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code()));
            assertEquals(Long.toString(Long.parseLong(id, 16)), dlr.getShortMessageAsDeliveryReceipt().getId());
        }
    }

    @Test
    void restartingDecimalIdsCountFromOneAgainAfterARestart() throws Exception {
        SmscConfig config = BASE.withIdFormat(IdFormat.DECIMAL_RESTARTING);
        String first;
        int port;
        try (Smsc smsc = Smsc.start(config); TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, config)) {
            port = smsc.port();
            first = esme.submit("ACME", "447400000001", 0, Gsm7.encode("a"), false);
            assertEquals("2", esme.submit("ACME", "447400000001", 0, Gsm7.encode("b"), false));
        }
        try (Smsc again = Smsc.start(config.withPort(port));
                TestEsme esme = TestEsme.bind(again.port(), BindType.BIND_TRX, config)) {
            assertEquals(first, esme.submit("ACME", "447400000001", 0, Gsm7.encode("c"), false),
                    "the restarted carrier issues the same id again");
        }
        assertEquals("1", first);
    }

    @Test
    void heldReceiptsAreKeptUntilReleasedTogether() throws Exception {
        try (Smsc smsc = Smsc.start(BASE); TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, BASE)) {
            smsc.holdReceipts();
            for (int i = 0; i < 20; i++) {
                esme.submit("ACME", "447400000001", 0, Gsm7.encode("x" + i), true);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (smsc.heldReceipts() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(20, smsc.heldReceipts(), "every receipt that fell due is kept");
            assertNull(esme.nextDeliverSm(Duration.ofMillis(300)), "nothing sent while held");

            assertEquals(20, smsc.releaseReceipts(5));
            for (int i = 0; i < 20; i++) {
                assertNotNull(esme.nextDeliverSm(Duration.ofSeconds(5)), "receipt " + i + " after the release");
            }
            assertEquals(0, smsc.heldReceipts());
        }
    }

    @Test
    void sendsAnMoOnDemandToAReceivingSession() throws Exception {
        try (Smsc smsc = Smsc.start(BASE); TestEsme esme = TestEsme.bind(smsc.port(), BindType.BIND_TRX, BASE)) {
            assertTrue(smsc.sendMo(BASE.systemId(), "447400000009", "ACME", "STOP"));
            DeliverSm mo = esme.nextDeliverSm(Duration.ofSeconds(5));

            assertFalse(mo.isSmscDeliveryReceipt());
            assertEquals("STOP", Gsm7.decode(mo.getShortMessage()));
            assertEquals("ACME", mo.getDestAddress());
        }
    }

    @Test
    void ratesOutsideZeroToOneStopStartUp() {
        assertThrows(IllegalArgumentException.class, () -> Faults.NONE.withThrottleRate(1.5));
        assertThrows(IllegalArgumentException.class, () -> Faults.NONE.withThrottleRate(0.6).withErrorRate(0.6));
    }

    @SuppressWarnings("unused")
    private static void unused() throws IOException {
    }
}
