package dev.sealedsms.policy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 point 3: the framework's own refusals, walked one by one over a raw socket, each answered
 * with a problem document and a stable reason ({@link HttpProblems}, {@link ProblemMappers}).
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "policy"))
class FrameworkErrorsTest {

    @TestHTTPResource("/")
    URI base;

    /** One framework error path: the raw request, the status and reason it must get. */
    private record Path(String what, String request, int status, String reason) {
    }

    /**
     * Issue 22 point 3: every refusal the router or the REST layer makes on its own, sent as raw
     * HTTP/1.1 (a client library would refuse to send most of them), answers an RFC 9457 problem
     * with a stable reason. Before this test, each of these answered with an empty body.
     */
    @Test
    void everyFrameworkErrorPathAnswersAProblemWithAReason() throws Exception {
        String json = "{\"to\":\"+447400900123\",\"from\":\"ACME\",\"body\":\"hi\"}";
        String auth = "Authorization: Bearer test-key-acme\r\n";
        String post = "POST /v1/messages HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n";
        List<Path> paths = List.of(
                new Path("unknown path", "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", 404, "PATH_NOT_FOUND"),
                new Path("unknown version of the API", "POST /v2/messages HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", 404, "PATH_NOT_FOUND"),
                new Path("NUL in the path", "POST /v1/messages%00 HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", 404, "PATH_NOT_FOUND"),
                new Path("PUT on the send endpoint", "PUT /v1/messages HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", 405, "METHOD_NOT_ALLOWED"),
                new Path("GET on the batch endpoint", "GET /v1/messages:batch HTTP/1.1\r\nHost: x\r\n" + auth
                        + "\r\n", 405, "METHOD_NOT_ALLOWED"),
                new Path("unknown method", "BREW /v1/messages HTTP/1.1\r\nHost: x\r\n\r\n", 405,
                        "METHOD_NOT_ALLOWED"),
                new Path("Accept: text/html only", post + "Accept: text/html\r\nContent-Length: " + json.length()
                        + "\r\n\r\n" + json, 406, "NOT_ACCEPTABLE"),
                new Path("POST with no length", post + "\r\n", 411, "LENGTH_REQUIRED"),
                new Path("Content-Length over the 12 MB limit", post + "Content-Length: 20000000\r\n\r\n{", 413,
                        "PAYLOAD_TOO_LARGE"),
                new Path("text/plain body", "POST /v1/messages HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}", 415, "UNSUPPORTED_MEDIA_TYPE"));
        List<String> wrong = new ArrayList<>();
        for (Path p : paths) {
            Answer a = raw(p.request());
            String reason = a.problem() != null && a.problem().hasNonNull("reason") ? a.problem().get("reason").asText()
                    : null;
            if (a.status() != p.status() || !Problem.MEDIA_TYPE.equals(a.contentType()) || !p.reason().equals(reason)
                    || a.problem().get("status").asInt() != p.status()) {
                wrong.add(p.what() + ": expected " + p.status() + " " + p.reason() + ", got " + a.status() + " "
                        + a.contentType() + " " + a.body());
            }
        }
        assertEquals(List.of(), wrong, wrong.size() + " of " + paths.size() + " framework error paths");
    }

    /**
     * What the HTTP/1.1 parser refuses never reaches the router (policy-service README): it is still
     * refused with 400 and never served.
     */
    @Test
    void whatTheParserRefusesIsNeverServed() throws Exception {
        String post = "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("NUL in Authorization", post + "Authorization: Bearer test-key-acme\u0000x\r\n"
                + "Content-Length: 2\r\n\r\n{}");
        requests.put("Content-Length with chunked", post + "Authorization: Bearer test-key-acme\r\n"
                + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        requests.put("Content-Length not a number", post + "Content-Length: abc\r\n\r\n");
        requests.put("Content-Length negative", post + "Content-Length: -1\r\n\r\n");
        requests.put("undecodable path", "GET /v1/messages/abc%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        requests.put("two Content-Length", post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
        for (Map.Entry<String, String> r : requests.entrySet()) {
            Answer a = raw(r.getValue());
            assertEquals(400, a.status(), r.getKey() + ": " + a.body());
        }
    }

    private record Answer(int status, String contentType, String body, JsonNode problem) {
    }

    /** Sends {@code request} as it is and reads one answer (to its Content-Length, or to the close). */
    private Answer raw(String request) throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0;) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    Matcher length = CONTENT_LENGTH.matcher(text.substring(0, end));
                    if (length.find() && got.size() >= end + 4 + Integer.parseInt(length.group(1))) {
                        break;
                    }
                }
            }
            String text = got.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end >= 0 ? text.substring(0, end) : text;
            String body = end >= 0 ? text.substring(end + 4) : "";
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            Matcher type = CONTENT_TYPE.matcher(head);
            String contentType = type.find() ? type.group(1).trim() : null;
            JsonNode problem = Problem.MEDIA_TYPE.equals(contentType) ? EventJson.mapper().readTree(body) : null;
            return new Answer(status, contentType, body, problem);
        }
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");
    private static final Pattern CONTENT_TYPE = Pattern.compile("(?im)^content-type:([^\\r\\n;]*)");
}
