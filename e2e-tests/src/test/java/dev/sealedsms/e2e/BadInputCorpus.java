package dev.sealedsms.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bad-input corpus of {@link BadInputIT}: one line per case, each with the answer or the
 * dead-letter record it must get. Canaries ({@link #BODY}, {@link #NUMBER}) are planted in the
 * bodies and numbers so that the IT can show no problem detail, dead-letter reason or log line
 * echoes them.
 */
final class BadInputCorpus {

    /** A body that must never be echoed outside the record that carries it. */
    static final String BODY = "canary-body-7f3a9c";
    /** A valid UK mobile number that must never be echoed (the digits, with or without '+'). */
    static final String NUMBER = "+447400177321";
    static final String NUMBER_DIGITS = NUMBER.substring(1);
    static final String SENDER = "ACME";

    private BadInputCorpus() {
    }

    // --- the HTTP API ------------------------------------------------------------------------

    /** Who the request claims to be. */
    enum Auth { SENDER, AUDITOR, NONE, RAW }

    /**
     * One request and the answer it must get: {@code status} and, for problem answers, {@code reason}
     * (null: the framework's own answer, checked by status only); {@code items}: for a 200 batch, the
     * status of each item as "status" or "status:REASON", or one entry "*N:status:REASON" for N equal items.
     */
    record ApiCase(String category, String name, String method, String path, Auth auth, String authorization,
            Map<String, String> headers, byte[] body, int status, String reason, List<String> items) {

        @Override
        public String toString() {
            return category + " / " + name;
        }
    }

    private static final class Api {
        final List<ApiCase> cases = new ArrayList<>();
        String category;

        Api category(String c) {
            category = c;
            return this;
        }

        void add(String name, String method, String path, Auth auth, String authorization,
                Map<String, String> headers, byte[] body, int status, String reason, List<String> items) {
            cases.add(new ApiCase(category, name, method, path, auth, authorization, headers, body, status, reason,
                    items));
        }

        /** POST /v1/messages as the sender client with JSON {@code json}. */
        void send(String name, String json, int status, String reason) {
            add(name, "POST", "/v1/messages", Auth.SENDER, null, json(), utf8(json), status, reason, null);
        }

        void sendBytes(String name, byte[] body, int status, String reason) {
            add(name, "POST", "/v1/messages", Auth.SENDER, null, json(), body, status, reason, null);
        }

        void batch(String name, String json, int status, String reason, List<String> items) {
            add(name, "POST", "/v1/messages:batch", Auth.SENDER, null, json(), utf8(json), status, reason, items);
        }
    }

    static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A message as JSON with {@code field} replaced by the raw JSON {@code rawValue} (null: removed). */
    static String with(String field, String rawValue) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("to", q(NUMBER));
        m.put("from", q(SENDER));
        m.put("body", q(BODY));
        if (rawValue == null) {
            m.remove(field);
        } else {
            m.put(field, rawValue);
        }
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(q(k)).append(':').append(v));
        return sb.append('}').toString();
    }

    /** A JSON string literal of {@code s}: quotes, backslashes and controls escaped. */
    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF) || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static String good() {
        return with("body", q(BODY));
    }

    static List<ApiCase> api(String apiKey) {
        Api a = new Api();

        a.category("malformed JSON");
        a.send("truncated object", good().substring(0, 20), 400, "MALFORMED_JSON");
        a.send("trailing garbage after the object", good() + " {\"x\":1}", 400, "MALFORMED_JSON");
        a.send("trailing text after the object", good() + "garbage", 400, "MALFORMED_JSON");
        a.send("a JSON string, not an object", q(BODY), 400, "FIELD_INVALID");
        a.send("a JSON array of messages", "[" + good() + "]", 400, "FIELD_INVALID");
        a.send("a number", "42", 400, "FIELD_INVALID");
        a.send("JSON null", "null", 400, "FIELD_MISSING");
        a.send("empty body", "", 400, "FIELD_MISSING");
        a.send("whitespace only", "  \n\t ", 400, "FIELD_MISSING");
        a.send("NaN as validityPeriod", with("validityPeriod", "NaN"), 400, "MALFORMED_JSON");
        a.send("Infinity as validityPeriod", with("validityPeriod", "Infinity"), 400, "MALFORMED_JSON");
        a.send("10,000 levels of nested arrays", with("x", "[".repeat(10_000) + "]".repeat(10_000)), 400,
                "MALFORMED_JSON");
        a.send("10,000 levels of nested objects", with("x", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)),
                400, "MALFORMED_JSON");
        a.send("duplicate key 'to'", "{\"to\":" + q("+447400177999") + "," + good().substring(1), 400,
                "MALFORMED_JSON");
        a.send("single-quoted strings", good().replace('"', '\''), 400, "MALFORMED_JSON");
        a.send("a comment inside", "{/* hi */" + good().substring(1), 400, "MALFORMED_JSON");
        a.send("unquoted key", good().replace("\"to\"", "to"), 400, "MALFORMED_JSON");
        a.send("raw newline inside a string", with("body", "\"" + BODY + "\nnext\""), 400, "MALFORMED_JSON");
        a.sendBytes("invalid UTF-8 byte in the body", concat(utf8("{\"to\":\"" + NUMBER + "\",\"from\":\"ACME\","
                + "\"body\":\"" + BODY), new byte[] {(byte) 0xff, (byte) 0xfe}, utf8("\"}")), 400, "MALFORMED_JSON");
        a.sendBytes("overlong UTF-8 encoding of '/'", concat(utf8("{\"to\":\"" + NUMBER + "\",\"from\":\"ACME\","
                + "\"body\":\"" + BODY), new byte[] {(byte) 0xc0, (byte) 0xaf}, utf8("\"}")), 400, "MALFORMED_JSON");
        a.sendBytes("UTF-16 encoded body", good().getBytes(StandardCharsets.UTF_16LE), 400, "MALFORMED_JSON");

        a.category("wrong types");
        a.send("'to' as a number", with("to", NUMBER_DIGITS), 422, "RECIPIENT_NOT_E164");
        a.send("'to' as an array", with("to", "[" + q(NUMBER) + "]"), 400, "FIELD_INVALID");
        a.send("'to' as an object", with("to", "{\"e164\":" + q(NUMBER) + "}"), 400, "FIELD_INVALID");
        a.send("'to' as true", with("to", "true"), 422, "RECIPIENT_NOT_E164");
        a.send("'from' as a number", with("from", "12345"), 422, "SENDER_NOT_ALLOWED");
        a.send("'from' as an object", with("from", "{}"), 400, "FIELD_INVALID");
        a.send("'body' as an object", with("body", "{\"text\":" + q(BODY) + "}"), 400, "FIELD_INVALID");
        a.send("'body' as an array", with("body", "[" + q(BODY) + "]"), 400, "FIELD_INVALID");
        a.send("'validityPeriod' as letters", with("validityPeriod", "\"an hour\""), 400, "FIELD_INVALID");
        a.send("'validityPeriod' as an object", with("validityPeriod", "{}"), 400, "FIELD_INVALID");
        a.send("'validityPeriod' beyond int", with("validityPeriod", "99999999999999999999"), 400, "FIELD_INVALID");
        a.send("'category' as a number", with("category", "1"), 400, "FIELD_INVALID");
        a.send("'category' as an array", with("category", "[\"otp\"]"), 400, "FIELD_INVALID");
        a.send("'template' as a string", with("template", "\"otp\""), 400, "FIELD_INVALID");
        a.send("'clientReference' as an object", with("clientReference", "{}"), 400, "FIELD_INVALID");
        a.send("'sendAt' as an object", with("sendAt", "{}"), 400, "FIELD_INVALID");

        a.category("missing fields and empty strings");
        a.send("empty object", "{}", 400, "FIELD_MISSING");
        a.send("no 'to'", with("to", null), 400, "FIELD_MISSING");
        a.send("'to' null", with("to", "null"), 400, "FIELD_MISSING");
        a.send("no 'from'", with("from", null), 400, "FIELD_MISSING");
        a.send("no 'body' and no template", with("body", null), 400, "FIELD_MISSING");
        a.send("'to' empty", with("to", "\"\""), 422, "RECIPIENT_NOT_E164");
        a.send("'from' empty", with("from", "\"\""), 422, "SENDER_NOT_ALLOWED");
        a.send("'body' empty", with("body", "\"\""), 422, "BODY_EMPTY");
        a.send("'body' blanks only", with("body", "\"   \\t  \""), 422, "BODY_EMPTY");
        a.send("'category' empty", with("category", "\"\""), 400, "FIELD_INVALID");

        a.category("oversize");
        a.send("body of 5,001 characters", with("body", q(BODY + "x".repeat(5_001 - BODY.length()))), 400,
                "FIELD_INVALID");
        a.send("body of 5,000 characters (11 segments)", with("body", q(BODY + "x".repeat(5_000 - BODY.length()))),
                422, "BODY_TOO_LONG");
        a.send("10 MB request body (a 10 MB 'body')", with("body", q(BODY + "y".repeat(10_000_000))), 400,
                "FIELD_INVALID");
        // Refused by the HTTP layer on its Content-Length, before any service code: 413 with no body (README).
        a.send("13 MB request body, over the 12 MB limit", with("body", q(BODY + "z".repeat(13_000_000))), 413,
                null);
        a.send("clientReference of 129 characters", with("clientReference", q("r".repeat(129))), 400,
                "FIELD_INVALID");
        a.send("51 template values", with("body", null).replace("}", ",\"template\":{\"name\":\"otp\",\"values\":{"
                + String.join(",", java.util.stream.IntStream.range(0, 51).mapToObj(i -> "\"v" + i + "\":\"1\"")
                        .toList()) + "}}}"), 400, "FIELD_INVALID");
        a.send("template value of 1,001 characters", with("body", null).replace("}",
                ",\"template\":{\"name\":\"otp\",\"values\":{\"code\":" + q("1".repeat(1_001)) + "}}}"), 400,
                "FIELD_INVALID");

        a.category("invalid and hostile numbers");
        for (String[] n : new String[][] {
                {"letters", "+44ABCDEFGHIJ", "RECIPIENT_NOT_E164"},
                {"too long (16 digits)", NUMBER + "123", "RECIPIENT_NOT_E164"},
                {"no plus", NUMBER_DIGITS, "RECIPIENT_NOT_E164"},
                {"national format", "07400177321", "RECIPIENT_NOT_E164"},
                {"+0", "+0", "RECIPIENT_NOT_E164"},
                {"+999999999999999", "+999999999999999", "RECIPIENT_NOT_E164"},
                {"only a plus", "+", "RECIPIENT_NOT_E164"},
                {"double plus", "+" + NUMBER, "RECIPIENT_NOT_E164"},
                {"spaces inside", "+44 7400 177321", "RECIPIENT_NOT_E164"},
                {"Arabic-Indic digits", "+٤٤٧٤٠٠١٧٧٣٢١", "RECIPIENT_NOT_E164"},
                {"full-width digits", "+４４７４００１７７３２１", "RECIPIENT_NOT_E164"},
                {"right-to-left mark in front", "\u200F" + NUMBER, "RECIPIENT_NOT_E164"},
                {"zero-width space inside", "+4474\u200B00177321", "RECIPIENT_NOT_E164"},
                {"embedded newline", "+4474\n00177321", "RECIPIENT_NOT_E164"},
                {"NUL at the end", NUMBER + "\u0000", "RECIPIENT_NOT_E164"},
                {"SQL injection", NUMBER + "' OR '1'='1", "RECIPIENT_NOT_E164"},
                {"script injection", "<script>alert(" + NUMBER_DIGITS + ")</script>", "RECIPIENT_NOT_E164"},
                {"landline (London)", "+442079460000", "NUMBER_TYPE_NOT_ALLOWED"},
                {"another country (France mobile)", "+33612345678", "COUNTRY_NOT_ALLOWED"},
                {"lone surrogate", "+4474001773\uD800", "RECIPIENT_NOT_E164"},
        }) {
            a.send("'to': " + n[0], with("to", q(n[1])), 422, n[2]);
        }
        a.send("sender id with SQL injection", with("from", q("ACME'; DROP TABLE messages;--")), 422,
                "SENDER_NOT_ALLOWED");
        a.send("sender id with a script", with("from", q("<script>alert(1)</script>")), 422, "SENDER_NOT_ALLOWED");
        a.send("sender id with a trailing NUL", with("from", q("ACME\u0000")), 422, "SENDER_NOT_ALLOWED");
        a.send("sender id in full-width letters", with("from", q("ＡＣＭＥ")), 422, "SENDER_NOT_ALLOWED");

        a.category("control characters");
        a.send("NUL in the body", with("body", q(BODY + "\u0000")), 400, "FIELD_INVALID");
        a.send("ESC sequence in the body", with("body", q(BODY + "\u001b[2J")), 400, "FIELD_INVALID");
        a.send("C1 control in the body", with("body", q(BODY + "\u0085")), 400, "FIELD_INVALID");
        a.send("lone surrogate in the body", with("body", q(BODY + "\uD800")), 400, "FIELD_INVALID");
        a.send("NUL in clientReference", with("clientReference", q("ref\u0000")), 400, "FIELD_INVALID");
        a.send("newline in clientReference", with("clientReference", q("ref\nX-Injected: 1")), 400,
                "FIELD_INVALID");
        a.send("lone surrogate in clientReference", with("clientReference", q("ref\uDC00")), 400,
                "FIELD_INVALID");
        a.send("line separator U+2028 in the body is text", with("body", q(BODY + "\u2028line two")), 202, null);
        a.send("newline and tab in the body are text", with("body", q(BODY + "\nline two\tend")), 202, null);

        a.category("bad sendAt, category, validityPeriod");
        a.send("'sendAt' as words", with("sendAt", q("tomorrow")), 400, "FIELD_INVALID");
        a.send("'sendAt' without an offset", with("sendAt", q("2026-11-25T09:00:00")), 400, "FIELD_INVALID");
        a.send("'sendAt' 30 February", with("sendAt", q("2026-02-30T09:00:00Z")), 400, "FIELD_INVALID");
        a.send("'sendAt' in year 9999", with("sendAt", q("9999-12-31T00:00:00Z")), 400, "FIELD_INVALID");
        a.send("'sendAt' beyond Instant", with("sendAt", q("+1000000000-01-01T00:00:00Z")), 400, "FIELD_INVALID");
        a.send("'sendAt' epoch seconds", with("sendAt", "1767225600"), 400, "FIELD_INVALID");
        a.send("'category' in upper case", with("category", q("MARKETING")), 400, "FIELD_INVALID");
        a.send("'category' unknown", with("category", q("spam")), 400, "FIELD_INVALID");
        a.send("'validityPeriod' 59 s", with("validityPeriod", "59"), 400, "FIELD_INVALID");
        a.send("'validityPeriod' negative", with("validityPeriod", "-1"), 400, "FIELD_INVALID");
        a.send("'validityPeriod' over 7 days", with("validityPeriod", "604801"), 400, "FIELD_INVALID");
        a.send("'validityPeriod' fraction", with("validityPeriod", "3600.5"), 400, "FIELD_INVALID");
        a.send("'template' unknown name", with("body", null).replace("}",
                ",\"template\":{\"name\":\"no-such\",\"values\":{}}}"), 422, "TEMPLATE_UNKNOWN");
        a.send("both 'body' and 'template'", with("template", "{\"name\":\"otp\",\"values\":{}}"), 400,
                "FIELD_INVALID");

        a.category("huge batches");
        String missingTo = with("to", null);
        a.batch("1,001 items", "{\"messages\":[" + String.join(",", Collections.nCopies(1_001, good())) + "]}", 400,
                "FIELD_INVALID", null);
        a.batch("no 'messages'", "{}", 400, "FIELD_MISSING", null);
        a.batch("'messages' empty", "{\"messages\":[]}", 400, "FIELD_MISSING", null);
        a.batch("'messages' a string", "{\"messages\":\"" + BODY + "\"}", 400, "FIELD_INVALID", null);
        a.batch("'messages' an object", "{\"messages\":" + good() + "}", 400, "FIELD_INVALID", null);
        a.batch("nested junk items", "{\"messages\":[1,\"x\",[[]]]}", 400, "FIELD_INVALID", null);
        a.batch("a top-level array", "[" + good() + "]", 400, "FIELD_INVALID", null);
        a.batch("null items beside a bad one", "{\"messages\":[null," + missingTo + ",null]}", 200, null,
                List.of("400:FIELD_MISSING", "400:FIELD_MISSING", "400:FIELD_MISSING"));
        a.batch("1,000 items without 'to'", "{\"messages\":[" + String.join(",",
                Collections.nCopies(1_000, missingTo)) + "]}", 200, null, List.of("*1000:400:FIELD_MISSING"));
        a.batch("1,000 items of 5,001 characters", "{\"messages\":[" + String.join(",", Collections.nCopies(1_000,
                with("body", q("b".repeat(5_001))))) + "]}", 200, null, List.of("*1000:400:FIELD_INVALID"));

        a.category("missing and forged headers");
        String g = good();
        a.add("no Authorization", "POST", "/v1/messages", Auth.NONE, null, json(), utf8(g), 401, "UNAUTHENTICATED",
                null);
        a.add("Basic scheme", "POST", "/v1/messages", Auth.RAW, "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("e2e:" + apiKey).getBytes(StandardCharsets.UTF_8)), json(), utf8(g), 401,
                "UNAUTHENTICATED", null);
        a.add("forged key", "POST", "/v1/messages", Auth.RAW, "Bearer forged-" + apiKey, json(), utf8(g), 401,
                "UNAUTHENTICATED", null);
        a.add("Bearer with nothing", "POST", "/v1/messages", Auth.RAW, "Bearer ", json(), utf8(g), 401,
                "UNAUTHENTICATED", null);
        a.add("Bearer, key and a second word", "POST", "/v1/messages", Auth.RAW, "Bearer " + apiKey + " extra",
                json(), utf8(g), 401, "UNAUTHENTICATED", null);
        a.add("key without a scheme", "POST", "/v1/messages", Auth.RAW, apiKey, json(), utf8(g), 401,
                "UNAUTHENTICATED", null);
        a.add("key of 4,000 characters", "POST", "/v1/messages", Auth.RAW, "Bearer " + "k".repeat(4_000), json(),
                utf8(g), 401, "UNAUTHENTICATED", null);
        // Over the HTTP layer's header limit: refused before the service sees it, 431 without a problem body
        // (and the connection closed, so it runs last of the header cases that share it).
        a.add("key of 30,000 characters", "POST", "/v1/messages", Auth.RAW, "Bearer " + "k".repeat(30_000), json(),
                utf8(g), 431, null, null);
        a.add("auditor may not send", "POST", "/v1/messages", Auth.AUDITOR, null, json(), utf8(g), 403,
                "ROLE_NOT_ALLOWED", null);
        a.add("X-Forwarded-For/Host and a forged client header do not authenticate", "POST", "/v1/messages",
                Auth.NONE, null, Map.of("Content-Type", "application/json", "X-Forwarded-For", "127.0.0.1",
                        "X-Forwarded-Host", "localhost", "X-Forwarded-Proto", "https", "X-Client-Id", "e2e",
                        "Forwarded", "for=127.0.0.1;proto=https"), utf8(g), 401, "UNAUTHENTICATED", null);
        a.add("Content-Type text/plain", "POST", "/v1/messages", Auth.SENDER, null,
                Map.of("Content-Type", "text/plain"), utf8(g), 415, "UNSUPPORTED_MEDIA_TYPE", null);
        a.add("Content-Type application/xml", "POST", "/v1/messages", Auth.SENDER, null,
                Map.of("Content-Type", "application/xml"), utf8("<to>" + NUMBER + "</to>"), 415,
                "UNSUPPORTED_MEDIA_TYPE", null);
        a.add("Idempotency-Key with a space", "POST", "/v1/messages", Auth.SENDER, null,
                Map.of("Content-Type", "application/json", "Idempotency-Key", "a b"), utf8(g), 400, "FIELD_INVALID",
                null);
        a.add("Idempotency-Key of 256 characters", "POST", "/v1/messages", Auth.SENDER, null,
                Map.of("Content-Type", "application/json", "Idempotency-Key", "k".repeat(256)), utf8(g), 400,
                "FIELD_INVALID", null);
        a.add("Idempotency-Key invalid on a batch", "POST", "/v1/messages:batch", Auth.SENDER, null,
                Map.of("Content-Type", "application/json", "Idempotency-Key", "a\tb"),
                utf8("{\"messages\":[" + g + "]}"), 400, "FIELD_INVALID", null);

        a.category("status API ids");
        a.add("id not a UUID", "GET", "/v1/messages/not-a-uuid", Auth.SENDER, null, Map.of(), null, 400,
                "FIELD_INVALID", null);
        a.add("id a SQL injection", "GET", "/v1/messages/1%27%20OR%20%271%27%3D%271", Auth.SENDER, null, Map.of(),
                null, 400, "FIELD_INVALID", null);
        a.add("id of 2,000 characters", "GET", "/v1/messages/" + "a".repeat(2_000), Auth.SENDER, null, Map.of(),
                null, 400, "FIELD_INVALID", null);
        a.add("unknown UUID", "GET", "/v1/messages/00000000-0000-4000-8000-000000000000", Auth.SENDER, null,
                Map.of(), null, 404, "MESSAGE_NOT_FOUND", null);
        a.add("status without a key", "GET", "/v1/messages/00000000-0000-4000-8000-000000000000", Auth.NONE, null,
                Map.of(), null, 401, "UNAUTHENTICATED", null);

        a.category("callback URLs");
        for (String[] u : new String[][] {
                {"plain http", "\"http://example.com/hook\"", "422", "CALLBACK_URL_NOT_ALLOWED"},
                {"loopback", "\"https://127.0.0.1/hook\"", "422", "CALLBACK_URL_NOT_ALLOWED"},
                {"loopback in hex", "\"https://0x7f.1/hook\"", "422", "CALLBACK_URL_NOT_ALLOWED"},
                {"IPv6 loopback", "\"https://[::1]/hook\"", "422", "CALLBACK_URL_NOT_ALLOWED"},
                {"cloud metadata", "\"https://169.254.169.254/latest/meta-data\"", "422", "CALLBACK_URL_NOT_ALLOWED"},
                {"private address", "\"https://10.0.0.1/hook\"", "422", "CALLBACK_URL_NOT_ALLOWED"},
                {"user info", "\"https://user:pw@example.com/hook\"", "422", "CALLBACK_URL_NOT_ALLOWED"},
                {"javascript:", "\"javascript:alert(1)\"", "422", "CALLBACK_URL_NOT_ALLOWED"},
                {"not a URL", "\"not a url\"", "422", "CALLBACK_URL_NOT_ALLOWED"},
                {"3,000 characters", "\"https://example.com/" + "p".repeat(3_000) + "\"", "422",
                        "CALLBACK_URL_NOT_ALLOWED"},
                {"a number", "5", "422", "CALLBACK_URL_NOT_ALLOWED"},
                {"an object", "{}", "400", "FIELD_INVALID"},
                {"null", "null", "400", "FIELD_MISSING"},
        }) {
            a.add("url: " + u[0], "PUT", "/v1/callbacks", Auth.SENDER, null, json(), utf8("{\"url\":" + u[1] + "}"),
                    Integer.parseInt(u[2]), u[3], null);
        }
        a.add("callback body not JSON", "PUT", "/v1/callbacks", Auth.SENDER, null, json(), utf8("url=https://x"),
                400, "MALFORMED_JSON", null);
        return a.cases;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
