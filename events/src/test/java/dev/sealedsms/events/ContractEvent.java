package dev.sealedsms.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every JSON shape of the wire contract, for the tests: its schema file (shipped in the jar under
 * {@code /schemas/}), its record, its CloudEvents type and topic, whether it may ever hold plaintext,
 * and sample events as the services build them. A new event type is added here, or
 * {@link EventSchemaTest#everySchemaFileIsAContractEvent} fails.
 */
enum ContractEvent {

    MESSAGE_REQUEST("message-request", MessageRequest.class, MessageRequest.TYPE, Topics.REQUESTS, true),
    APPROVED_MESSAGE("approved-message", ApprovedMessage.class, ApprovedMessage.TYPE, Topics.APPROVED, true),
    SEALED_MESSAGE("sealed-message", SealedMessage.class, SealedMessage.TYPE, Topics.SEALED, false),
    /** Inside {@link SealedMessage#ciphertext()}: plaintext, but never on a topic in the clear. */
    SEALED_CONTENT("sealed-content", SealedContent.class, null, null, true),
    RECEIPT("receipt", Receipt.class, Receipt.TYPE, Topics.RECEIPTS, false),
    AUDIT_RECORD("audit-record", AuditRecord.class, AuditRecord.TYPE, Topics.AUDIT, false),
    OPT_OUT("opt-out", OptOut.class, OptOut.TYPE, Topics.OPTOUTS, false);

    static final int MAJOR_VERSION = 1;
    static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    static final String NUMBER = "+447400123123";
    static final String BODY = "Your code is 123456";
    static final String TOKEN = "vault:v1:hmac-of-the-number";

    final String schemaName;
    final Class<? extends Record> record;
    /** CloudEvents {@code ce_type}, or null for a shape that is never a record value of its own. */
    final String ceType;
    final String topic;
    /** True when the shape holds a body or a number in the clear. */
    final boolean plaintext;

    ContractEvent(String schemaName, Class<? extends Record> record, String ceType, String topic, boolean plaintext) {
        this.schemaName = schemaName;
        this.record = record;
        this.ceType = ceType;
        this.topic = topic;
        this.plaintext = plaintext;
    }

    /** {@code receipt.v1.json}. */
    String fileName() {
        return schemaName + ".v" + MAJOR_VERSION + ".json";
    }

    /** The schema as the jar ships it. */
    JsonNode schema() {
        try (InputStream in = ContractEvent.class.getResourceAsStream("/schemas/" + fileName())) {
            if (in == null) {
                throw new IllegalStateException("no /schemas/" + fileName() + " on the classpath");
            }
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events of this type as the services write them, covering optional fields present and absent. */
    List<Object> samples() {
        return switch (this) {
            case MESSAGE_REQUEST -> List.of(
                    new MessageRequest(1, "req-1", "web", NUMBER, "ACME", BODY, "otp", 3600, "order-17"),
                    new MessageRequest(1, "req-2", "web", NUMBER, "ACME", BODY, null, null, null),
                    new MessageRequest(1, "req-3", "web", NUMBER, "ACME", null, "transactional", null, null,
                            new MessageRequest.Template("otp", Map.of("code", "123456"))));
            case APPROVED_MESSAGE -> List.of(new ApprovedMessage(1, "m1", "acme", "web", "ACME", NUMBER, BODY,
                    Category.OTP, "GB", 1, TextEncoding.GSM7, "sha256:p1", AT, AT.plusSeconds(3600)));
            case SEALED_MESSAGE -> List.of(sealed());
            case SEALED_CONTENT -> List.of(new SealedContent(NUMBER, BODY));
            case RECEIPT -> List.of(
                    Receipt.of(approved(), ReceiptStatus.ACCEPTED, AT, null),
                    Receipt.of(approved(), ReceiptStatus.FAILED, AT.plusMillis(20), "KEY_MISSING"),
                    Receipt.of(sealed(), ReceiptStatus.SUBMITTED, AT.plusMillis(80), null, null, "carrier-a", "c-1"),
                    Receipt.of(sealed(), ReceiptStatus.UNDELIVERED, AT.plusSeconds(3), "CARRIER_REJECTED", "0x0000000B",
                            "carrier-a", "c-1"),
                    new Receipt(1, "m2", "acme", "web", ReceiptStatus.REJECTED, AT, "RECIPIENT_NOT_E164", null, null,
                            null, null, null, null, null, AT));
            case AUDIT_RECORD -> List.of(
                    new AuditRecord(1, "m1", "acme", "web", AuditRecord.APPROVED, null,
                            List.of("sender-id", "quiet-hours"), List.of(), "sha256:p1", "client:web", Category.OTP, AT),
                    new AuditRecord(1, "m2", "acme", "web", AuditRecord.REJECTED, "RECIPIENT_NOT_E164",
                            List.of("recipient-format"), List.of("recipient-format"), "sha256:p1", "client:web", null, AT));
            case OPT_OUT -> List.of(
                    new OptOut(1, "acme", TOKEN, Consent.OPTED_OUT, "STOP", "mo", "carrier-a", AT),
                    new OptOut(1, "acme", TOKEN, Consent.OPTED_IN, null, "policy-service", null, AT));
        };
    }

    static ApprovedMessage approved() {
        return (ApprovedMessage) APPROVED_MESSAGE.samples().get(0);
    }

    static SealedMessage sealed() {
        return new SealedMessage(1, "m1", "acme", "web", "ACME", "acme-messages", 2, "vault:v2:d2Vk", "bm9uY2U=",
                "Y2lwaGVydGV4dA==", TOKEN, "GB", Category.OTP, 1, TextEncoding.GSM7, AT, AT.plusSeconds(3600),
                AT.plusMillis(30));
    }

    /** The repository root, found from the module's folder (Maven) or the root itself (an IDE). */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("events/src/main/resources/schemas"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no events/src/main/resources/schemas above " + Path.of("").toAbsolutePath());
    }
}
