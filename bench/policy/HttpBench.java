import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP messages per second accepted end to end by a running policy-service: a message counts once
 * its answer says ACCEPTED, which policy-service gives only after sms.approved (acks=all) has it.
 * Single mode: one message per POST /v1/messages; batch mode: POST /v1/messages:batch with B items.
 * At most C requests in flight. Run by run.sh against the local stack.
 *
 * Usage: HttpBench URL KEYFILE MODE(single|batch) MESSAGES CONCURRENCY [BATCHSIZE]
 */
public class HttpBench {

    static final int ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String key = Files.readString(Path.of(args[1])).strip();
        String mode = args[2];
        int messages = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        int batchSize = args.length > 5 ? Integer.parseInt(args[5]) : 100;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        run(http, url, key, mode, Math.min(messages, 2_000), concurrency, batchSize); // warm-up
        double[] rates = new double[ROUNDS];
        long accepted = 0;
        long failed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long[] r = run(http, url, key, mode, messages, concurrency, batchSize);
            rates[round] = r[0] / (r[2] / 1e9);
            accepted += r[0];
            failed += r[1];
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        StringBuilder all = new StringBuilder();
        for (double r : rates) {
            all.append(String.format(" %.0f", r));
        }
        System.out.printf("http %-6s %6d msgs/round, %3d in flight%s  median %7.0f accepted msgs/s  (rounds:%s)  "
                + "[%d accepted, %d not]%n", mode, messages, concurrency,
                mode.equals("batch") ? ", " + batchSize + "/batch" : "", sorted[ROUNDS / 2], all, accepted, failed);
    }

    /** {accepted, not accepted, nanos}. */
    static long[] run(HttpClient http, String url, String key, String mode, int messages, int concurrency,
            int batchSize) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong ok = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        boolean batch = mode.equals("batch");
        int requests = batch ? (messages + batchSize - 1) / batchSize : messages;
        CompletableFuture<?>[] all = new CompletableFuture<?>[requests];
        long t0 = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            inFlight.acquire();
            String body;
            int n = batch ? Math.min(batchSize, messages - i * batchSize) : 1;
            if (batch) {
                StringBuilder sb = new StringBuilder("{\"messages\":[");
                for (int j = 0; j < n; j++) {
                    sb.append(j == 0 ? "" : ",").append(message(i * batchSize + j));
                }
                body = sb.append("]}").toString();
            } else {
                body = message(i);
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create(url + (batch ? "/v1/messages:batch" : "/v1/messages")))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            all[i] = http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                inFlight.release();
                if (e != null) {
                    bad.addAndGet(n);
                } else if (batch && r.statusCode() == 200) {
                    long accepted = accepted(r.body());
                    ok.addAndGet(accepted);
                    bad.addAndGet(n - accepted);
                } else if (!batch && r.statusCode() == 202) {
                    ok.incrementAndGet();
                } else {
                    bad.addAndGet(n);
                }
            });
        }
        CompletableFuture.allOf(all).join();
        return new long[] {ok.get(), bad.get(), System.nanoTime() - t0};
    }

    static String message(int i) {
        return String.format("{\"to\":\"+4474009%05d\",\"from\":\"ACME\",\"body\":\"Your code is %06d. It expires in 10 minutes.\"}",
                i % 100_000, i % 1_000_000);
    }

    /** The batch answer's top-level {@code accepted} count. */
    static long accepted(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
