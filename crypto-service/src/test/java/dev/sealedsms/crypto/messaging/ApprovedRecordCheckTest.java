package dev.sealedsms.crypto.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.TextEncoding;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Issue 22, point 5: what crypto-service refuses before it seals an {@code sms.approved} record. */
class ApprovedRecordCheckTest {

    private static final String BODY = "canary-check-body";
    private static final String NUMBER = "+447400177321";

    private static ApprovedMessage good() {
        Instant now = Instant.now();
        return new ApprovedMessage(1, "6f1c2b1e-0d7e-4a55-9f0e-0a1b2c3d4e5f", "acme", "web", "ACME", NUMBER, BODY,
                Category.TRANSACTIONAL, "GB", 1, TextEncoding.GSM7, "p1", now, now.plusSeconds(600));
    }

    private static ApprovedMessage with(UnaryOperator<Object[]> edit) {
        ApprovedMessage g = good();
        Object[] f = {g.messageId(), g.clientId(), g.senderId(), g.recipient(), g.body(), g.country(), g.segments()};
        f = edit.apply(f);
        return new ApprovedMessage(1, (String) f[0], g.tenant(), (String) f[1], (String) f[2], (String) f[3],
                (String) f[4], g.category(), (String) f[5], (Integer) f[6], g.encoding(), g.policyVersion(),
                g.acceptedAt(), g.notAfter());
    }

    private static Optional<String> problem(int field, Object value) {
        return ApprovedRecordCheck.problem(with(f -> {
            f[field] = value;
            return f;
        }));
    }

    @Test
    void aRecordAsPolicyWritesItPasses() {
        assertEquals(Optional.empty(), ApprovedRecordCheck.problem(good()));
        assertEquals(Optional.empty(), problem(2, "+447400123123"));
        assertEquals(Optional.empty(), problem(2, "ACME INFO"));
        assertEquals(Optional.empty(), problem(4, "line one\nline two\tend, \uD83D\uDC4D"));
    }

    @Test
    void eachFieldIsRefusedByNameAndNeverEchoed() {
        Object[][] bad = {
                {0, "id with space", "messageId"}, {0, "m".repeat(65), "messageId"},
                {1, "web\nX", "clientId"}, {1, null, "clientId"},
                {2, "ACMEACMEACME", "senderId"}, {2, "1234567890123456", "senderId"}, {2, "", "senderId"},
                {2, "AC\u0000ME", "senderId"}, {2, null, "senderId"},
                {3, "07400177321", "recipient"}, {3, "+44 7400 177321", "recipient"}, {3, NUMBER + "1234", "recipient"},
                {3, NUMBER + "," + NUMBER, "recipient"}, {3, "+0447400177321", "recipient"},
                {4, BODY + "\u0000", "body"}, {4, BODY + "\u001b[2J", "body"}, {4, BODY + "\u0085", "body"},
                {4, BODY + "\uD800", "body"}, {4, "\uDC00" + BODY, "body"},
                {5, "gb", "country"}, {5, "GBR", "country"}, {5, null, "country"},
                {6, 0, "segments"}, {6, 256, "segments"},
        };
        for (Object[] b : bad) {
            Optional<String> p = problem((Integer) b[0], b[1]);
            assertTrue(p.isPresent(), "accepted " + b[2] + " = " + b[1]);
            assertTrue(p.get().startsWith((String) b[2]), p.get());
            assertFalse(p.get().contains(BODY) || p.get().contains("7400177321"), p.get());
        }
    }

    @Test
    void aBodyNeedingMoreSegmentsThanTheRecordSaysIsRefused() {
        // The forged record: 100 KiB, sent as 670 parts with a corrupt concatenation header.
        assertTrue(problem(4, "x".repeat(102_400)).orElseThrow().startsWith("body: needs 670 segments"));
        assertTrue(problem(4, "x".repeat(161)).isPresent(), "2 parts claimed as 1");
        // What the record says, policy counted against its cap.
        assertEquals(Optional.empty(), ApprovedRecordCheck.problem(with(f -> {
            f[4] = "x".repeat(161);
            f[6] = 2;
            return f;
        })));
    }

    @Test
    void aReceiptNamesOnlyWhatHasItsForm() {
        assertTrue(ApprovedRecordCheck.receiptable(good()));
        assertFalse(ApprovedRecordCheck.receiptable(with(f -> {
            f[0] = NUMBER;
            return f;
        })));
        assertEquals(null, ApprovedRecordCheck.country(with(f -> {
            f[5] = BODY;
            return f;
        })));
    }
}
