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
    enum Auth { SENDER, AUDITOR, NONE, RAW, CAREFUL }

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

        /** POST /v1/messages as the client of the careful tenant (links allow-listed, e-mail detected). */
        void sendCareful(String name, String json, int status, String reason) {
            add(name, "POST", "/v1/messages", Auth.CAREFUL, null, json(), utf8(json), status, reason, null);
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
        // Refused on its Content-Length before any service code (policy-service HttpProblems).
        a.send("13 MB request body, over the 12 MB limit", with("body", q(BODY + "z".repeat(13_000_000))), 413,
                "PAYLOAD_TOO_LARGE");
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
        a.category("number types (libphonenumber's example of each type, by country)");
        // number-type runs before country-allowed: a premium-rate number anywhere is refused as such;
        // a mobile abroad meets the tenant's countries (GB only) instead.
        for (String[] n : new String[][] {
                {"the issue's UK premium rate", "+449098790123", "NUMBER_PREMIUM_RATE"},
                {"the issue's US premium rate", "+19005550123", "NUMBER_PREMIUM_RATE"},
                {"GB fixed line", "+441212345678", "NUMBER_TYPE_NOT_ALLOWED"},
                {"GB toll free", "+448001234567", "NUMBER_TOLL_FREE"},
                {"GB premium rate", "+449012345678", "NUMBER_PREMIUM_RATE"},
                {"GB voip", "+445612345678", "NUMBER_VOIP"},
                {"GB personal number", "+447012345678", "NUMBER_PERSONAL"},
                {"GB pager", "+447640123456", "NUMBER_PAGER"},
                {"GB uan", "+445512345678", "NUMBER_UAN"},
                {"US fixed line or mobile", "+12015550123", "COUNTRY_NOT_ALLOWED"},
                {"US toll free", "+18002345678", "NUMBER_TOLL_FREE"},
                {"US premium rate", "+19002345678", "NUMBER_PREMIUM_RATE"},
                {"US personal number", "+15002345678", "NUMBER_PERSONAL"},
                {"DE fixed line", "+4930123456", "NUMBER_TYPE_NOT_ALLOWED"},
                {"DE mobile", "+4915123456789", "COUNTRY_NOT_ALLOWED"},
                {"DE toll free", "+498001234567890", "NUMBER_TOLL_FREE"},
                {"DE premium rate", "+499001234567", "NUMBER_PREMIUM_RATE"},
                {"DE shared cost", "+4918012345", "NUMBER_SHARED_COST"},
                {"DE personal number", "+4970012345678", "NUMBER_PERSONAL"},
                {"DE pager", "+4916412345", "NUMBER_PAGER"},
                {"DE uan", "+4918500123456", "NUMBER_UAN"},
                {"DE voicemail", "+49177991234567", "NUMBER_VOICEMAIL"},
                {"FR fixed line", "+33123456789", "NUMBER_TYPE_NOT_ALLOWED"},
                {"FR mobile", "+33612345678", "COUNTRY_NOT_ALLOWED"},
                {"FR toll free", "+33801234567", "NUMBER_TOLL_FREE"},
                {"FR premium rate", "+33891123456", "NUMBER_PREMIUM_RATE"},
                {"FR shared cost", "+33884012345", "NUMBER_SHARED_COST"},
                {"FR voip", "+33912345678", "NUMBER_VOIP"},
                {"FR uan", "+33806123456", "NUMBER_UAN"},
                {"AU fixed line", "+61212345678", "NUMBER_TYPE_NOT_ALLOWED"},
                {"AU mobile", "+61412345678", "COUNTRY_NOT_ALLOWED"},
                {"AU toll free", "+611800123456", "NUMBER_TOLL_FREE"},
                {"AU premium rate", "+611900123456", "NUMBER_PREMIUM_RATE"},
                {"AU shared cost", "+611300123456", "NUMBER_SHARED_COST"},
                {"AU voip", "+61147101234", "NUMBER_VOIP"},
                {"AU pager", "+611631234", "NUMBER_PAGER"},
                {"IN mobile", "+918123456789", "COUNTRY_NOT_ALLOWED"},
                {"IN fixed line or mobile", "+917410410123", "COUNTRY_NOT_ALLOWED"},
                {"IN toll free", "+911800123456", "NUMBER_TOLL_FREE"},
                {"IN premium rate", "+911861123456789", "NUMBER_PREMIUM_RATE"},
                {"IN shared cost", "+9118603451234", "NUMBER_SHARED_COST"},
                {"IN uan", "+911409305260", "NUMBER_UAN"},
                {"BR fixed line", "+551123456789", "NUMBER_TYPE_NOT_ALLOWED"},
                {"BR mobile", "+5511961234567", "COUNTRY_NOT_ALLOWED"},
                {"BR toll free", "+55800123456", "NUMBER_TOLL_FREE"},
                {"BR premium rate", "+55500123456", "NUMBER_PREMIUM_RATE"},
                {"BR shared cost", "+5540041234", "NUMBER_SHARED_COST"},
                {"JP fixed line", "+81312345678", "NUMBER_TYPE_NOT_ALLOWED"},
                {"JP mobile", "+819012345678", "COUNTRY_NOT_ALLOWED"},
                {"JP toll free", "+81120123456", "NUMBER_TOLL_FREE"},
                {"JP premium rate", "+81990123456", "NUMBER_PREMIUM_RATE"},
                {"JP voip", "+815012345678", "NUMBER_VOIP"},
                {"JP personal number", "+81601234567", "NUMBER_PERSONAL"},
                {"JP pager", "+812012345678", "NUMBER_PAGER"},
                {"JP uan", "+81570123456", "NUMBER_UAN"},
                {"ZA fixed line", "+27101234567", "NUMBER_TYPE_NOT_ALLOWED"},
                {"ZA mobile", "+27711234567", "COUNTRY_NOT_ALLOWED"},
                {"ZA toll free", "+27801234567", "NUMBER_TOLL_FREE"},
                {"ZA premium rate", "+27862345678", "NUMBER_PREMIUM_RATE"},
                {"ZA shared cost", "+27860123456", "NUMBER_SHARED_COST"},
                {"ZA voip", "+27871234567", "NUMBER_VOIP"},
                {"ZA uan", "+27861123456", "NUMBER_UAN"},
                {"ES fixed line", "+34810123456", "NUMBER_TYPE_NOT_ALLOWED"},
                {"ES mobile", "+34612345678", "COUNTRY_NOT_ALLOWED"},
                {"ES toll free", "+34800123456", "NUMBER_TOLL_FREE"},
                {"ES premium rate", "+34803123456", "NUMBER_PREMIUM_RATE"},
                {"ES shared cost", "+34901123456", "NUMBER_SHARED_COST"},
                {"ES personal number", "+34701234567", "NUMBER_PERSONAL"},
                {"ES uan", "+34511234567", "NUMBER_UAN"},
                {"IT fixed line", "+390212345678", "NUMBER_TYPE_NOT_ALLOWED"},
                {"IT mobile", "+393123456789", "COUNTRY_NOT_ALLOWED"},
                {"IT toll free", "+39800123456", "NUMBER_TOLL_FREE"},
                {"IT premium rate", "+39899123456", "NUMBER_PREMIUM_RATE"},
                {"IT shared cost", "+39848123456", "NUMBER_SHARED_COST"},
                {"IT voip", "+395512345678", "NUMBER_VOIP"},
                {"IT personal number", "+391781234567", "NUMBER_PERSONAL"},
                {"IT voicemail", "+3933101234501", "NUMBER_VOICEMAIL"},
                {"NL fixed line", "+31101234567", "NUMBER_TYPE_NOT_ALLOWED"},
                {"NL mobile", "+31612345678", "COUNTRY_NOT_ALLOWED"},
                {"NL toll free", "+318001234", "NUMBER_TOLL_FREE"},
                {"NL premium rate", "+319061234", "NUMBER_PREMIUM_RATE"},
                {"NL voip", "+31851234567", "NUMBER_VOIP"},
                {"NL pager", "+31662345678", "NUMBER_PAGER"},
                {"NL uan", "+3114020", "NUMBER_UAN"},
                {"SE fixed line", "+468123456", "NUMBER_TYPE_NOT_ALLOWED"},
                {"SE mobile", "+46701234567", "COUNTRY_NOT_ALLOWED"},
                {"SE toll free", "+4620123456", "NUMBER_TOLL_FREE"},
                {"SE premium rate", "+469001234567", "NUMBER_PREMIUM_RATE"},
                {"SE shared cost", "+46771234567", "NUMBER_SHARED_COST"},
                {"SE personal number", "+46751234567", "NUMBER_PERSONAL"},
                {"SE pager", "+46740123456", "NUMBER_PAGER"},
                {"SE uan", "+46102345678", "NUMBER_UAN"},
                {"SE voicemail", "+46254123456789", "NUMBER_VOICEMAIL"},
                {"CH fixed line", "+41212345678", "NUMBER_TYPE_NOT_ALLOWED"},
                {"CH mobile", "+41781234567", "COUNTRY_NOT_ALLOWED"},
                {"CH toll free", "+41800123456", "NUMBER_TOLL_FREE"},
                {"CH premium rate", "+41900123456", "NUMBER_PREMIUM_RATE"},
                {"CH shared cost", "+41840123456", "NUMBER_SHARED_COST"},
                {"CH personal number", "+41878123456", "NUMBER_PERSONAL"},
                {"CH pager", "+41740123456", "NUMBER_PAGER"},
                {"CH uan", "+41581234567", "NUMBER_UAN"},
                {"CH voicemail", "+41860123456789", "NUMBER_VOICEMAIL"},
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

        a.category("sensitive data in any script's digits (default detectors)");
        for (String card : cardInEveryScript()) {
            a.send("card 4111 1111 1111 1111 in " + card.substring(0, card.indexOf(':')),
                    with("body", q(BODY + " pay with " + card.substring(card.indexOf(':') + 1))), 422,
                    "SENSITIVE_CARD_NUMBER");
        }
        a.send("IBAN in full-width", with("body", q(BODY + " IBAN ＧＢ８２ ＷＥＳＴ １２３４ ５６９８ ７６５４ ３２")), 422,
                "SENSITIVE_IBAN");
        a.send("IBAN split by zero-width spaces", with("body", q(BODY + " GB82\u200BWEST\u200B1234\u200B5698\u200B"
                + "7654\u200B32")), 422, "SENSITIVE_IBAN");

        a.category("links under the default policy (no allow-list)");
        for (String[] l : hostileLinks()) {
            a.send(l[0], with("body", q(BODY + " " + l[1])), 422, l[2]);
        }
        for (String[] l : benignText()) {
            a.send("passes: " + l[0], with("body", q(BODY + " " + l[1])), 202, null);
        }

        a.category("links and sensitive data under a careful policy (allow-list acme.com, card, iban, email)");
        for (String[] l : hostileLinks()) {
            a.sendCareful(l[0], with("body", q(BODY + " " + l[1])), 422, l[2]);
        }
        a.sendCareful("link to another domain", with("body", q(BODY + " https://evil.example/login")), 422,
                "LINK_NOT_ALLOWED");
        // acme.com@evil.io reads as an e-mail address, and the e-mail detector runs before the link rule.
        a.sendCareful("allowed domain as user info of another", with("body", q(BODY + " https://acme.com@evil.io/x")),
                422, "SENSITIVE_EMAIL");
        a.sendCareful("allowed domain as a label of another", with("body", q(BODY + " https://acme.com.evil.io/")),
                422, "LINK_NOT_ALLOWED");
        a.sendCareful("e-mail address", with("body", q(BODY + " write to jane.doe@example.org")), 422,
                "SENSITIVE_EMAIL");
        a.sendCareful("e-mail address in full-width", with("body", q(BODY + " ｊａｎｅ@ｅｘａｍｐｌｅ.ｏｒｇ")), 422,
                "SENSITIVE_EMAIL");
        a.sendCareful("passes: link to the allowed domain", with("body", q(BODY + " https://shop.acme.com/t/1")), 202,
                null);

        a.category("invisible text");
        for (String[] v : new String[][] {
                {"zero-width space only", "\u200B"},
                {"zero-width joiners and BOM only", "\u200C\u200D\uFEFF"},
                {"word joiner and soft hyphen only", "\u2060\u00AD\u2060"},
                {"BOM and blanks", " \uFEFF \uFEFF "},
                {"Hangul fillers only", "\u3164\u3164\uFFA0"},
                {"blank Braille pattern only", "\u2800\u2800"},
                {"tag characters only", "\uDB40\uDC41\uDB40\uDC42"},
                {"variation selectors only", "\uFE0F\uFE0E"},
                {"no-break space and zero-width space", "\u00A0\u200B\u00A0"},
                {"Mongolian vowel separator only", "\u180E"},
        }) {
            a.send("body: " + v[0], with("body", q(v[1])), 422, "BODY_INVISIBLE");
        }
        for (String[] v : new String[][] {
                {"right-to-left override hiding a file type", BODY + " invoice\u202Efdp.exe"},
                {"right-to-left override reversing a domain", BODY + " pay at \u202Emoc.evil\u202C"},
                {"left-to-right override", BODY + " \u202Dtext\u202C"},
                {"right-to-left embedding", BODY + " \u202Btext\u202C"},
                {"left-to-right embedding", BODY + " \u202Atext\u202C"},
                {"right-to-left isolate", BODY + " \u2067text\u2069"},
                {"left-to-right isolate", BODY + " \u2066text\u2069"},
                {"first-strong isolate", BODY + " \u2068text\u2069"},
                {"pop directional isolate alone", BODY + " text\u2069"},
                {"override around a link", BODY + " \u202Ehttps://acme.com\u202C"},
        }) {
            a.send("bidi: " + v[0], with("body", q(v[1])), 422, "BODY_BIDI_CONTROL");
        }
        a.send("passes: right-to-left marks in Hebrew", with("body", q(BODY + " \u05E9\u05DC\u05D5\u05DD \u200F42")),
                202, null);

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
        a.add("two Authorization headers", "POST", "/v1/messages", Auth.SENDER, null,
                Map.of("Content-Type", "application/json", "Authorization", "Bearer other-" + apiKey), utf8(g), 400,
                "HEADER_AMBIGUOUS", null);
        a.add("two Idempotency-Key headers", "POST", "/v1/messages", Auth.SENDER, null,
                Map.of("Content-Type", "application/json", "Idempotency-Key", "k-one", "idempotency-key", "k-two"),
                utf8(g), 400, "HEADER_AMBIGUOUS", null);
        a.add("PUT /v1/messages", "PUT", "/v1/messages", Auth.SENDER, null, json(), utf8(g), 405,
                "METHOD_NOT_ALLOWED", null);
        a.add("GET /v1/messages:batch", "GET", "/v1/messages:batch", Auth.SENDER, null, Map.of(), null, 405,
                "METHOD_NOT_ALLOWED", null);
        a.add("unknown path /v2/messages", "POST", "/v2/messages", Auth.SENDER, null, json(), utf8(g), 404,
                "PATH_NOT_FOUND", null);
        a.add("path /v1/messages%00", "POST", "/v1/messages%00", Auth.SENDER, null, json(), utf8(g), 404,
                "PATH_NOT_FOUND", null);
        a.add("Accept text/html only", "POST", "/v1/messages", Auth.SENDER, null,
                Map.of("Content-Type", "application/json", "Accept", "text/html"), utf8(g), 406, "NOT_ACCEPTABLE",
                null);
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

    /** Link cases refused under any policy: name, text, reason. */
    static List<String[]> hostileLinks() {
        List<String[]> l = new ArrayList<>();
        for (String[] x : new String[][] {
                {"javascript: URL", "javascript:alert(1)"},
                {"javascript: in mixed case", "JaVaScRiPt:alert(document.cookie)"},
                {"javascript: in full-width", "ｊａｖａｓｃｒｉｐｔ:alert(1)"},
                {"javascript: split by a zero-width space", "java\u200Bscript:alert(1)"},
                {"data: URL with a media type", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="},
                {"data: URL with a comma", "data:,hello"},
                {"vbscript: URL", "vbscript:msgbox(1)"},
                {"file: URL", "file:///etc/passwd"},
                {"intent: URL", "intent://scan/#Intent;scheme=zxing;package=com.evil;end"},
                {"market: URL", "market://details?id=com.evil"},
                {"itms-services: URL", "itms-services://?action=download-manifest&url=https://x"},
                {"ftp: URL", "ftp://files.example.com/a.apk"},
                {"wss: URL", "wss://example.com/socket"},
                {"an unknown scheme with //", "zz-app://open?x=1"},
                {"skype: URL", "skype:echo123?call"},
                {"bitcoin: URL", "bitcoin:1BoatSLRHtKNngkdXEeobR76b53LETtpyT?amount=1"},
        }) {
            l.add(new String[] {x[0], x[1], "LINK_SCHEME_NOT_ALLOWED"});
        }
        for (String[] x : new String[][] {
                {"IPv4 literal", "http://198.51.100.23/acct"},
                {"IPv6 literal", "http://[2001:db8::1]/"},
                {"IPv4 in decimal", "https://3325256727/login"},
                {"IPv4 in hex", "http://0xC6336417/"},
                {"IPv4 in dotted hex", "http://0xc6.0x33.0x64.0x17/"},
                {"IPv4 with an octal part", "http://0306.51.100.23/"},
                {"IPv4 with user info and port", "https://acme.com@198.51.100.23:8443/x"},
                {"bare IPv4 with a path", "visit 198.51.100.23/acct"},
                {"bare IPv4", "log in at 198.51.100.23"},
                {"bare bracketed IPv6", "see [2001:db8::1]"},
                {"IPv4-mapped IPv6", "http://[::ffff:198.51.100.23]/"},
                {"IPv4 in full-width digits", "http://１９８.５１.１００.２３/"},
                {"IPv4 in Arabic-Indic digits", "http://١٩٨.٥١.١٠٠.٢٣/"},
        }) {
            l.add(new String[] {x[0], x[1], "LINK_IP_LITERAL"});
        }
        for (String[] x : new String[][] {
                {"bit.ly", "track it: bit.ly/3xYz"},
                {"tinyurl over https", "https://tinyurl.com/abc"},
                {"a shortener's www host", "www.bit.ly/x"},
                {"t.co", "t.co/abc"},
                {"rb.gy", "https://rb.gy/x1"},
                {"is.gd in upper case", "IS.GD/ABC"},
        }) {
            l.add(new String[] {"shortener: " + x[0], x[1], "LINK_SHORTENER"});
        }
        for (String[] x : new String[][] {
                {"Cyrillic a", "https://\u0430cme.com/login"},
                {"Cyrillic a in paypal", "log in at p\u0430ypal.com"},
                {"punycode", "https://xn--pypal-4ve.com"},
                {"Greek omicron", "www.g\u03BFogle.com"},
        }) {
            l.add(new String[] {"look-alike: " + x[0], x[1], "LINK_LOOKALIKE"});
        }
        return l;
    }

    /** Text that resembles a hostile class and must pass under the default policy: name, text. */
    static List<String[]> benignText() {
        return List.of(new String[] {"Tel: prefix", "Tel:0800 123 4567"},
                new String[] {"Data: prefix", "Data:5GB left this month"},
                new String[] {"a time and a gate", "Boarding 10:30, gate:B12"},
                new String[] {"a version number", "version 1.2.3 is out"},
                new String[] {"a date with dots", "due 12.03.2026"},
                new String[] {"an ordinary link", "https://parcels.example.com/t/123"},
                new String[] {"a sixteen-digit order number", "order 4111 1111 1111 1112"});
    }

    /** "script name:the test card 4111 1111 1111 1111" in every script whose decimal digits Unicode has. */
    static List<String> cardInEveryScript() {
        List<String> out = new ArrayList<>();
        for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER && Character.digit(cp, 10) == 0) {
                String one = new String(Character.toChars(cp + 1));
                String group = one.repeat(4);
                out.add(Character.getName(cp).replace(" DIGIT ZERO", "") + ":"
                        + new String(Character.toChars(cp + 4)) + one.repeat(3) + " " + group + " " + group + " " + group);
            }
        }
        return out;
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
