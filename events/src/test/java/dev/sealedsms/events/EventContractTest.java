package dev.sealedsms.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventContractTest {

    private static final String CANARY_NUMBER = "+447400123123";
    private static final String CANARY_BODY = "canary-body-7f3a";

    @Test
    void approvedMessageRoundTripsThroughTheWireForm() {
        ApprovedMessage m = approved();

        ApprovedMessage back = EventJson.read(EventJson.write(m), ApprovedMessage.class);

        assertEquals(m, back);
        String json = new String(EventJson.write(m), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"category\":\"marketing\""), json);
        assertTrue(json.contains("\"acceptedAt\":\"2026-11-24T10:00:00Z\""), json);
    }

    @Test
    void toStringNeverShowsBodyOrNumber() {
        String text = approved().toString() + new SealedContent(CANARY_NUMBER, CANARY_BODY);

        assertFalse(text.contains(CANARY_NUMBER));
        assertFalse(text.contains(CANARY_BODY));
    }

    @Test
    void malformedJsonIsRejectedWithoutQuotingTheInput() {
        byte[] bad = ("{\"messageId\":\"m1\",\"recipient\":" + CANARY_NUMBER + CANARY_BODY + "}")
                .getBytes(StandardCharsets.UTF_8);

        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> EventJson.read(bad, ApprovedMessage.class));

        assertFalse(e.getMessage().contains("447400123123"), e.getMessage());
        assertFalse(e.getMessage().contains(CANARY_BODY), e.getMessage());
        assertTrue(e.getMessage().startsWith("malformed ApprovedMessage"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheFieldButNotTheValue() {
        byte[] bad = "{\"messageId\":\"m1\",\"segments\":\"canary-body-7f3a\"}".getBytes(StandardCharsets.UTF_8);

        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> EventJson.read(bad, ApprovedMessage.class));

        assertTrue(e.getMessage().contains("'segments'"), e.getMessage());
        assertFalse(e.getMessage().contains(CANARY_BODY), e.getMessage());
    }

    @Test
    void aFieldGivenTwiceIsMalformedSoNoSecondValueCanBeInjected() {
        // Issue 22: a parser that keeps the last of two "recipient" keys sends to the injected one.
        String valid = new String(EventJson.write(approved()), StandardCharsets.UTF_8);
        byte[] twice = ("{\"recipient\":\"" + CANARY_NUMBER + "\"," + valid.substring(1)).getBytes(StandardCharsets.UTF_8);

        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> EventJson.read(twice, ApprovedMessage.class));

        assertTrue(e.getMessage().contains("field given twice"), e.getMessage());
        assertFalse(e.getMessage().contains("447400"), e.getMessage());
    }

    @Test
    void anEnumIsItsNameExactlyNeitherAnIndexNorANameWithControlCharacters() {
        for (String consent : new String[] {"1", "\"OPTED_IN\\u0000\"", "\"opted_in\"", "\"OPTED_IN \""}) {
            byte[] json = ("{\"schemaVersion\":1,\"tenant\":\"acme\",\"recipientToken\":\"t\",\"consent\":" + consent
                    + ",\"source\":\"mo\",\"occurredAt\":\"2026-11-24T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);

            assertThrows(MalformedEventException.class, () -> EventJson.read(json, OptOut.class), consent);
        }
    }

    @Test
    void trailingContentAfterTheRecordIsMalformed() {
        String valid = new String(EventJson.write(approved()), StandardCharsets.UTF_8);
        byte[] json = (valid + valid).getBytes(StandardCharsets.UTF_8);

        assertThrows(MalformedEventException.class, () -> EventJson.read(json, ApprovedMessage.class));
    }

    @Test
    void emptyRecordIsMalformed() {
        assertThrows(MalformedEventException.class, () -> EventJson.read(new byte[0], Receipt.class));
    }

    @Test
    void associatedDataDiffersByMessageTenantAndVersion() {
        byte[] base = SealedMessage.associatedData(1, "m1", "acme");

        assertFalse(Arrays.equals(base, SealedMessage.associatedData(1, "m2", "acme")));
        assertFalse(Arrays.equals(base, SealedMessage.associatedData(1, "m1", "acme2")));
        assertFalse(Arrays.equals(base, SealedMessage.associatedData(2, "m1", "acme")));
        // The separator keeps "m1"+"0acme" apart from "m10"+"acme".
        assertFalse(Arrays.equals(SealedMessage.associatedData(1, "m1", "0acme"),
                SealedMessage.associatedData(1, "m10", "acme")));
    }

    @Test
    void terminalStatusesAreTheFiveFinalOnes() {
        Set<ReceiptStatus> terminal = new HashSet<>();
        for (ReceiptStatus s : ReceiptStatus.values()) {
            if (s.terminal()) {
                terminal.add(s);
            }
        }
        assertEquals(Set.of(ReceiptStatus.REJECTED, ReceiptStatus.DELIVERED, ReceiptStatus.UNDELIVERED,
                ReceiptStatus.EXPIRED, ReceiptStatus.FAILED), terminal);
    }

    private static ApprovedMessage approved() {
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        return new ApprovedMessage(1, "m1", "acme", "web", "ACME", CANARY_NUMBER, CANARY_BODY, Category.MARKETING,
                "GB", 1, TextEncoding.GSM7, "p1", at, at.plusSeconds(3600));
    }
}
