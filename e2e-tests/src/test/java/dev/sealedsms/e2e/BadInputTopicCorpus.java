package dev.sealedsms.e2e;

import static dev.sealedsms.e2e.BadInputCorpus.BODY;
import static dev.sealedsms.e2e.BadInputCorpus.NUMBER;
import static dev.sealedsms.e2e.BadInputCorpus.SENDER;
import static dev.sealedsms.e2e.BadInputCorpus.utf8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.CloudEvents;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.MessageRequest;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.TextEncoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The topic half of the bad-input corpus: records written straight onto the IT's own
 * {@code requests}, {@code approved} and {@code sealed} topics, each with the outcome it must get:
 * a dead letter whose {@code dead-letter-reason} names the problem, and/or a receipt for its
 * message id.
 */
final class BadInputTopicCorpus {

    enum Stage { REQUESTS, APPROVED, SEALED }

    /**
     * One record and its outcome.
     *
     * @param dlqReason    a dead letter with this key must appear, its reason containing this text (null: none expected)
     * @param messageId    the message id a receipt is expected for (null: none)
     * @param receipt      the terminal (or REJECTED) receipt status expected for {@code messageId}
     * @param receiptReason its reason code
     */
    record TopicCase(Stage stage, String category, String name, String key, byte[] value, Headers headers,
            String dlqReason, String messageId, String receipt, String receiptReason) {

        @Override
        public String toString() {
            return stage + " / " + category + " / " + name;
        }
    }

    private final List<TopicCase> cases = new ArrayList<>();
    private String category;
    private int n;

    private BadInputTopicCorpus() {
    }

    /** The corpus; {@code genuine} is a sealed record of tenant acme as crypto-service wrote it. */
    static List<TopicCase> all(SealedMessage genuine) {
        BadInputTopicCorpus c = new BadInputTopicCorpus();
        c.requests();
        c.approved();
        c.sealed(genuine);
        return c.cases;
    }

    private String key(Stage s) {
        return "bad-" + s.name().toLowerCase() + "-" + (++n) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void dlq(Stage s, String name, byte[] value, String reason) {
        cases.add(new TopicCase(s, category, name, key(s), value, ce(s), reason, null, null, null));
    }

    private static Headers ce(Stage s) {
        String type = switch (s) {
            case REQUESTS -> MessageRequest.TYPE;
            case APPROVED -> ApprovedMessage.TYPE;
            case SEALED -> SealedMessage.TYPE;
        };
        return CloudEvents.headers(UUID.randomUUID().toString(), type, "bad-input-it", Instant.now());
    }

    // --- sms.requests ----------------------------------------------------------------------------

    private static ObjectNode request(String requestId) {
        return (ObjectNode) EventJson.mapper().valueToTree(new MessageRequest(MessageRequest.SCHEMA_VERSION, requestId,
                "e2e", NUMBER, SENDER, BODY, null, null, null));
    }

    private static String requestMessageId(String requestId) {
        return UUID.nameUUIDFromBytes(("e2e\n" + requestId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void req(String name, Consumer<ObjectNode> edit, String dlqReason) {
        ObjectNode r = request(UUID.randomUUID().toString());
        edit.accept(r);
        dlq(Stage.REQUESTS, name, json(r), dlqReason);
    }

    /** A request that parses and must end with a receipt for its (derived) message id rather than a dead letter. */
    private void reqOutcome(String name, Consumer<ObjectNode> edit, Headers headers, String status, String reason) {
        String requestId = UUID.randomUUID().toString();
        ObjectNode r = request(requestId);
        edit.accept(r);
        cases.add(new TopicCase(Stage.REQUESTS, category, name, key(Stage.REQUESTS), json(r), headers, null,
                requestMessageId(requestId), status, reason));
    }

    private void requests() {
        Stage s = Stage.REQUESTS;
        category = "not JSON";
        dlq(s, "plain text", utf8(BODY + " to " + NUMBER), "not valid JSON");
        dlq(s, "empty value", new byte[0], "empty record value");
        dlq(s, "null value (tombstone)", null, "empty record value");
        dlq(s, "truncated JSON", java.util.Arrays.copyOf(json(request("t")), 40), "not valid JSON");
        dlq(s, "a JSON array", utf8("[" + new String(json(request("a")), StandardCharsets.UTF_8) + "]"), "wrong type");
        dlq(s, "10,000 levels of nesting", utf8("{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"),
                "StreamConstraintsException");
        dlq(s, "invalid UTF-8", BadInputCorpus.concat(utf8("{\"body\":\"" + BODY), new byte[] {(byte) 0xff},
                utf8("\"}")), "not valid JSON");
        category = "schema";
        req("schemaVersion 2", r -> r.put("schemaVersion", 2), "UNSUPPORTED_SCHEMA_VERSION");
        req("schemaVersion missing", r -> r.remove("schemaVersion"), "field 'schemaVersion'");
        req("schemaVersion as letters", r -> r.put("schemaVersion", "one"), "field 'schemaVersion'");
        req("requestId missing", r -> r.remove("requestId"), "requestId and clientId are required");
        req("clientId missing", r -> r.remove("clientId"), "requestId and clientId are required");
        req("'to' missing", r -> r.remove("to"), "FIELD_MISSING");
        req("'to' an object", r -> r.putObject("to").put("e164", NUMBER), "field 'to'");
        req("validityPeriod as letters", r -> r.put("validityPeriod", "an hour"), "field 'validityPeriod'");
        req("sendAt not a date", r -> r.put("sendAt", "tomorrow"), "field 'sendAt'");
        req("category unknown", r -> r.put("category", "spam"), "FIELD_INVALID");
        req("body of 900 KB", r -> r.put("body", BODY + "x".repeat(900_000)), "FIELD_INVALID");
        req("NUL in the body", r -> r.put("body", BODY + "\u0000"), "FIELD_INVALID");
        category = "clients";
        req("unknown client", r -> r.put("clientId", "nobody"), "UNKNOWN_CLIENT");
        req("client whose role may not send", r -> r.put("clientId", "auditor"), "ROLE_NOT_ALLOWED");
        category = "refused by the policy";
        reqOutcome("not an E.164 number", r -> r.put("to", "0" + NUMBER.substring(3)), ce(s), "REJECTED",
                "RECIPIENT_NOT_E164");
        reqOutcome("a landline", r -> r.put("to", "+442079460000"), ce(s), "REJECTED", "NUMBER_TYPE_NOT_ALLOWED");
        reqOutcome("a sender id not allowed", r -> r.put("from", "<script>"), ce(s), "REJECTED",
                "SENDER_NOT_ALLOWED");
        category = "number types and hostile text on sms.requests (the same rules as the API)";
        for (String[] n : new String[][] {
                {"premium rate", "+449098790123", "NUMBER_PREMIUM_RATE"},
                {"US premium rate", "+19005550123", "NUMBER_PREMIUM_RATE"},
                {"toll-free", "+448001234567", "NUMBER_TOLL_FREE"},
                {"VoIP", "+445612345678", "NUMBER_VOIP"},
                {"personal number", "+447012345678", "NUMBER_PERSONAL"},
                {"pager", "+447640123456", "NUMBER_PAGER"},
                {"UAN", "+445512345678", "NUMBER_UAN"},
                {"shared cost", "+4918012345", "NUMBER_SHARED_COST"},
                {"voicemail", "+49177991234567", "NUMBER_VOICEMAIL"},
        }) {
            reqOutcome("a " + n[0] + " number", r -> r.put("to", n[1]), ce(s), "REJECTED", n[2]);
        }
        for (String[] l : BadInputCorpus.hostileLinks()) {
            reqOutcome(l[0], r -> r.put("body", BODY + " " + l[1]), ce(s), "REJECTED", l[2]);
        }
        reqOutcome("invisible-only body", r -> r.put("body", "\u200B\uFEFF\u2060"), ce(s), "REJECTED",
                "BODY_INVISIBLE");
        reqOutcome("right-to-left override", r -> r.put("body", BODY + " \u202Emoc.evil"), ce(s), "REJECTED",
                "BODY_BIDI_CONTROL");
        reqOutcome("card in Arabic-Indic digits", r -> r.put("body", BODY + " ٤١١١ ١١١١ ١١١١ ١١١١"), ce(s),
                "REJECTED", "SENSITIVE_CARD_NUMBER");
        category = "headers";
        reqOutcome("no headers at all: the payload decides", r -> { }, new RecordHeaders(), "DELIVERED", null);
        reqOutcome("forged ce_type and ce_specversion: the payload decides", r -> { },
                forged(MessageRequest.TYPE), "DELIVERED", null);
        dlq(s, "a receipt (with its ce_type) on the requests topic", EventJson.write(new Receipt(1,
                UUID.randomUUID().toString(), "acme", "e2e", dev.sealedsms.events.ReceiptStatus.ACCEPTED,
                Instant.now(), null, null, null, null, 1, TextEncoding.GSM7, "GB", null, Instant.now())),
                "requestId and clientId are required");
        cases.set(cases.size() - 1, withHeaders(cases.get(cases.size() - 1), forged(Receipt.TYPE)));
    }

    private static Headers forged(String ourType) {
        RecordHeaders h = new RecordHeaders();
        h.add(CloudEvents.SPECVERSION, utf8("0.3"));
        h.add(CloudEvents.TYPE, utf8(ourType.equals(Receipt.TYPE) ? Receipt.TYPE : "dev.sealedsms.receipt.v1"));
        h.add(CloudEvents.ID, utf8(""));
        h.add(CloudEvents.SOURCE, utf8("forged\r\nX-Injected: 1"));
        h.add("dead-letter-reason", utf8("forged in advance"));
        return h;
    }

    private static TopicCase withHeaders(TopicCase c, Headers h) {
        return new TopicCase(c.stage(), c.category(), c.name(), c.key(), c.value(), h, c.dlqReason(), c.messageId(),
                c.receipt(), c.receiptReason());
    }

    // --- sms.approved ----------------------------------------------------------------------------

    private static ObjectNode approved(String messageId) {
        Instant now = Instant.now();
        return (ObjectNode) EventJson.mapper().valueToTree(new ApprovedMessage(ApprovedMessage.SCHEMA_VERSION,
                messageId, "acme", "e2e", SENDER, NUMBER, BODY, Category.TRANSACTIONAL, "GB", 1, TextEncoding.GSM7,
                "bad-input", now, now.plusSeconds(3600)));
    }

    private void app(String name, Consumer<ObjectNode> edit, String dlqReason) {
        ObjectNode r = approved(UUID.randomUUID().toString());
        edit.accept(r);
        dlq(Stage.APPROVED, name, json(r), dlqReason);
    }

    /** A well-formed approved message that crypto-service cannot seal: a FAILED receipt and a dead letter. */
    private void appFailed(String name, Consumer<ObjectNode> edit, String reason) {
        String id = UUID.randomUUID().toString();
        ObjectNode r = approved(id);
        edit.accept(r);
        cases.add(new TopicCase(Stage.APPROVED, category, name, key(Stage.APPROVED), json(r), ce(Stage.APPROVED),
                reason, id, "FAILED", reason));
    }

    /** An approved message whose fields break the schema's rules: a REJECTED receipt (RECORD_INVALID) and a dead letter. */
    private void appRejected(String name, Consumer<ObjectNode> edit, String dlqReason) {
        String id = UUID.randomUUID().toString();
        ObjectNode r = approved(id);
        edit.accept(r);
        cases.add(new TopicCase(Stage.APPROVED, category, name, key(Stage.APPROVED), json(r), ce(Stage.APPROVED),
                dlqReason, id, "REJECTED", "RECORD_INVALID"));
    }

    private void approved() {
        Stage s = Stage.APPROVED;
        category = "not JSON";
        dlq(s, "plain text", utf8(BODY), "not valid JSON");
        dlq(s, "empty value", new byte[0], "empty record value");
        dlq(s, "null value (tombstone)", null, "empty record value");
        dlq(s, "a JSON string", utf8("\"" + BODY + "\""), "wrong type");
        category = "schema";
        app("schemaVersion 2", r -> r.put("schemaVersion", 2), "UNSUPPORTED_SCHEMA_VERSION");
        app("messageId missing", r -> r.remove("messageId"), "are required");
        app("tenant missing", r -> r.remove("tenant"), "are required");
        app("recipient missing", r -> r.remove("recipient"), "are required");
        app("body null", r -> r.putNull("body"), "are required");
        app("category unknown", r -> r.put("category", "SPAM"), "field 'category'");
        app("encoding unknown", r -> r.put("encoding", "EBCDIC"), "field 'encoding'");
        app("segments as letters", r -> r.put("segments", "many"), "field 'segments'");
        app("segments null", r -> r.putNull("segments"), "field 'segments'");
        app("acceptedAt not a date", r -> r.put("acceptedAt", "yesterday"), "field 'acceptedAt'");
        category = "hostile tenants";
        appFailed("unknown tenant", r -> r.put("tenant", "nosuchtenant"), "KEY_MISSING");
        appFailed("tenant with a path traversal", r -> r.put("tenant", "acme/../../../sys/mounts"), "SEAL_FAILED");
        appFailed("tenant with a space", r -> r.put("tenant", "ac me"), "SEAL_FAILED");
        appFailed("tenant with a newline", r -> r.put("tenant", "acme\nX-Injected: 1"), "SEAL_FAILED");
        appFailed("tenant with a query string", r -> r.put("tenant", "acme?version=1"), "SEAL_FAILED");
        category = "fields crypto-service acts on (issue 22, point 5)";
        appRejected("body of 900 KB", r -> r.put("body", BODY + "x".repeat(900_000)), "body: needs");
        appRejected("body of 100 KiB (670 parts)", r -> r.put("body", BODY + "y".repeat(102_400)), "body: needs");
        appRejected("body of 2 parts claiming 1", r -> r.put("body", BODY + "z".repeat(200)), "body: needs");
        appRejected("segments 256", r -> r.put("segments", 256), "segments: must be");
        appRejected("segments 0", r -> r.put("segments", 0), "segments: must be");
        appRejected("NUL in the body", r -> r.put("body", BODY + "\u0000"), "body: has a control");
        appRejected("ESC in the body", r -> r.put("body", BODY + "\u001b[2J"), "body: has a control");
        appRejected("C1 control in the body", r -> r.put("body", BODY + "\u0085"), "body: has a control");
        appRejected("lone surrogate in the body", r -> r.put("body", BODY + "\uD800"), "body: has a control");
        appRejected("alphanumeric sender of 12", r -> r.put("senderId", "ACMEACMEACME"), "senderId");
        appRejected("numeric sender of 16 digits", r -> r.put("senderId", "1234567890123456"), "senderId");
        appRejected("sender with a newline", r -> r.put("senderId", "ACME\nX"), "senderId");
        appRejected("sender empty", r -> r.put("senderId", ""), "senderId");
        appRejected("sender missing", r -> r.remove("senderId"), "senderId");
        appRejected("recipient in national form", r -> r.put("recipient", "07400177321"), "recipient");
        appRejected("recipient with spaces", r -> r.put("recipient", "+44 7400 177321"), "recipient");
        appRejected("recipient of 16 digits", r -> r.put("recipient", NUMBER + "1234"), "recipient");
        appRejected("recipient with letters", r -> r.put("recipient", "+44ABC"), "recipient");
        appRejected("recipient with a leading zero", r -> r.put("recipient", "+0447400177321"), "recipient");
        appRejected("two recipients", r -> r.put("recipient", NUMBER + "," + NUMBER), "recipient");
        appRejected("country in lower case", r -> r.put("country", "gb"), "country");
        appRejected("country of three letters", r -> r.put("country", "GBR"), "country");
        // A receipt names its client, so one whose client id is malformed gets none: its dead letter only.
        app("clientId with a newline", r -> r.put("clientId", "e2e\nX"), "clientId");
        app("clientId of 65 characters", r -> r.put("clientId", "c".repeat(65)), "clientId");
        app("messageId with a space", r -> r.put("messageId", "id with space"), "messageId");
        app("messageId of 65 characters", r -> r.put("messageId", "m".repeat(65)), "messageId");
        dlq(s, "second recipient by a duplicate key", utf8("{\"recipient\":\"+447400177999\","
                + new String(json(approved(UUID.randomUUID().toString())), StandardCharsets.UTF_8).substring(1)),
                "a field given twice");
    }

    // --- sms.sealed ------------------------------------------------------------------------------

    private void seal(String name, SealedMessage genuine, Consumer<ObjectNode> edit, String dlqReason) {
        ObjectNode r = (ObjectNode) EventJson.mapper().valueToTree(genuine);
        r.put("messageId", UUID.randomUUID().toString());
        edit.accept(r);
        dlq(Stage.SEALED, name, json(r), dlqReason);
    }

    /** A forged envelope dispatch-service must refuse: a FAILED receipt with {@code reason} and a dead letter. */
    private void sealFailed(String name, SealedMessage genuine, Consumer<ObjectNode> edit, String reason) {
        ObjectNode r = (ObjectNode) EventJson.mapper().valueToTree(genuine);
        String id = UUID.randomUUID().toString();
        r.put("messageId", id);
        edit.accept(r);
        cases.add(new TopicCase(Stage.SEALED, category, name, key(Stage.SEALED), json(r), ce(Stage.SEALED), reason, id,
                "FAILED", reason));
    }

    private void sealed(SealedMessage g) {
        Stage s = Stage.SEALED;
        category = "not JSON";
        dlq(s, "plain text", utf8("sealed? " + BODY), "not valid JSON");
        dlq(s, "empty value", new byte[0], "empty record value");
        dlq(s, "null value (tombstone)", null, "empty record value");
        dlq(s, "a JSON number", utf8("42"), "wrong type");
        category = "plaintext on the sealed topic (its dead letter keeps ids and the reason only)";
        dlq(s, "an approved message written to sms.sealed", utf8("{\"schemaVersion\":1,\"messageId\":\""
                + UUID.randomUUID() + "\",\"tenant\":\"acme\",\"to\":\"" + NUMBER + "\",\"body\":\"" + BODY
                + "\"}"), "malformed SealedMessage");
        dlq(s, "the body in the tenant field", utf8("{\"schemaVersion\":1,\"tenant\":\"" + BODY + " "
                + NUMBER + "\"}"), "malformed SealedMessage");
        dlq(s, "plain text with the number", utf8(NUMBER + " " + BODY), "not valid JSON");
        category = "schema";
        seal("schemaVersion 2", g, r -> r.put("schemaVersion", 2), "UNSUPPORTED_SCHEMA_VERSION");
        seal("keyName missing", g, r -> r.remove("keyName"), "are required");
        seal("wrappedKey missing", g, r -> r.remove("wrappedKey"), "are required");
        seal("senderId missing", g, r -> r.remove("senderId"), "are required");
        seal("category unknown", g, r -> r.put("category", "SPAM"), "field 'category'");
        seal("keyVersion as letters", g, r -> r.put("keyVersion", "latest"), "field 'keyVersion'");
        seal("notAfter not a date", g, r -> r.put("notAfter", "soon"), "field 'notAfter'");
        category = "forged envelopes";
        sealFailed("forged tenant", g, r -> r.put("tenant", "globex"), "ENVELOPE_TAMPERED");
        sealFailed("moved to another message id", g, r -> { }, "ENVELOPE_TAMPERED");
        sealFailed("nonce not base64", g, r -> r.put("nonce", "***"), "ENVELOPE_TAMPERED");
        sealFailed("ciphertext truncated", g, r -> r.put("ciphertext", g.ciphertext().substring(0, 8)),
                "ENVELOPE_TAMPERED");
        sealFailed("ciphertext of 900 KB", g, r -> r.put("ciphertext",
                Base64.getEncoder().encodeToString(new byte[675_000])), "ENVELOPE_TAMPERED");
        sealFailed("another tenant's key name", g, r -> r.put("keyName", "sms-dek-nosuchtenant"), "KEY_DESTROYED");
        sealFailed("key name with a path traversal", g, r -> r.put("keyName", "../../sys/policy/root"),
                "KEY_UNAVAILABLE");
        sealFailed("key name with a space", g, r -> r.put("keyName", "sms-dek-acme x"), "KEY_UNAVAILABLE");
        sealFailed("key name with a newline", g, r -> r.put("keyName", "sms-dek-acme\nX: 1"), "KEY_UNAVAILABLE");
        sealFailed("wrapped key garbage", g, r -> r.put("wrappedKey", "vault:v1:AAAA"), "KEY_UNAVAILABLE");
        category = "validity";
        String expiredId = UUID.randomUUID().toString();
        ObjectNode expired = (ObjectNode) EventJson.mapper().valueToTree(g);
        expired.put("messageId", expiredId);
        expired.put("notAfter", "2020-01-01T00:00:00Z");
        cases.add(new TopicCase(s, category, "notAfter in the past", key(s), json(expired), ce(s), null, expiredId,
                "EXPIRED", "VALIDITY_PASSED"));
    }

    private static byte[] json(JsonNode n) {
        try {
            return EventJson.mapper().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
