package dev.sealedsms.policy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.api.VaultProxy.Mode;
import dev.sealedsms.policy.idempotency.IdempotencyStore;
import dev.sealedsms.testsupport.Canary;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 point 5: once an item was accepted, the call never answers 5xx. Concurrent single and
 * batch calls, with and without Idempotency-Key, run against the real broker and the real OpenBao
 * while faults come and go: Vault stalling (a proxy holds its traffic and lets it go in bursts),
 * Vault refused (its circuit breaker opens) and a slow broker (a {@code producer_byte_rate} quota on
 * policy-service's producers). Every answer must be 202 / 200 with one result per item, or a 4xx /
 * 503 problem; every message answered accepted must be on {@code sms.approved} exactly once, and
 * nothing else of the run may be there.
 */
@QuarkusTest
@WithTestResource(FaultyVaultResource.class)
class AnswersUnderFaultsTest {

    /** Client "other" of the %test policy: tenant acme, sender ACME, no rate limit or quota. */
    private static final String API_KEY = "test-key-other";
    private static final String CLIENT = "other";
    private static final int CONCURRENCY = 16;
    private static final int WARM_NUMBERS = 40;
    /** A hang guard for each call, not a speed requirement. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicInteger FRESH = new AtomicInteger(WARM_NUMBERS);
    private static final String NUMBER_PREFIX = "+4474009";

    @TestHTTPResource("/")
    URI base;

    @Inject
    MeterRegistry registry;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());
    /** In every body of this test: a canary no log line may show. */
    private final String run = Canary.text("faults-");

    private record Call(String phase, int index, boolean batch, String key, String json, int items) {
    }

    private record Answer(Call call, int status, String contentType, String body, Exception error) {
    }

    @AfterEach
    void healVault() {
        FaultyVaultResource.proxy.mode(Mode.PASS);
    }

    @Test
    void noCallAnswers5xxOnceItemsWereAcceptedAndEachAcceptedMessageIsWrittenOnce() throws Exception {
        try (LogLines logs = new LogLines()) {
            loadUnderFaults();
            // and no log line names a body (each carries the canary) or a number of the run
            assertTrue(logs.containing("SP0006") > 0, "the log capture saw no consent refusal");
            assertEquals(0L, logs.containing(run), "log lines with a message body");
            assertEquals(0L, logs.containing(NUMBER_PREFIX), "log lines with a recipient number");
        }
    }

    private void loadUnderFaults() throws Exception {
        List<Answer> answers = new ArrayList<>();
        // given recipients this replica holds tokens for (decided on the event loop) beside new ones
        // (decided after a Vault call)
        for (int n = 0; n < WARM_NUMBERS; n++) {
            answers.add(post(new Call("warm-up", n, false, null, item(number(n), "warm-up", n, 0), 1), ANSWER_TIMEOUT));
        }

        // when the calls run concurrently: healthy, the broker slow, Vault stalling, Vault refused
        answers.addAll(load("healthy", 160));
        answers.addAll(whileBrokerThrottled(() -> load("slow-broker", 80)));
        answers.addAll(whileVaultStalls(() -> load("vault-stalls", 240)));
        double refusedBefore = circuitOpenRefusals();
        FaultyVaultResource.proxy.mode(Mode.REFUSE);
        List<Answer> refused = load("vault-refused", 80);
        FaultyVaultResource.proxy.mode(Mode.PASS);
        double refusedByCircuit = circuitOpenRefusals() - refusedBefore;
        answers.addAll(refused);
        // and a client retries under the same key what was answered 5xx or not at all
        Map<Call, Answer> retries = new HashMap<>();
        for (Answer a : answers) {
            if (a.call().key() != null && (a.error() != null || a.status() >= 500)) {
                retries.put(a.call(), retryUntilDecided(a.call()));
            }
        }

        // then every answer is 202/200 with a result per item, or a 4xx/503 problem
        Set<String> accepted = new HashSet<>();
        List<String> violations = new ArrayList<>();
        for (Answer a : answers) {
            check(a, retries.get(a.call()), accepted, violations);
        }
        List<String> retryViolations = new ArrayList<>();
        for (Answer a : retries.values()) {
            check(a, null, accepted, retryViolations);
        }
        String tally = tally(answers);
        System.out.println("AnswersUnderFaultsTest: " + tally + "; retried under the same key: " + retries.size());
        assertEquals(List.of(), violations.stream().limit(20).toList(),
                violations.size() + " of " + answers.size() + " calls broke the contract (" + tally + ")");
        assertEquals(List.of(), retryViolations.stream().limit(20).toList(), "retries under the same key");
        // and the faults were real: the open circuit refused Vault calls and calls got 503
        assertTrue(refusedByCircuit > 0, "the Vault circuit never opened");
        assertTrue(refused.stream().anyMatch(AnswersUnderFaultsTest::anyUnavailable), "nothing was refused with 503");
        // and each accepted message is on sms.approved exactly once; nothing else of this run is there
        Map<String, Integer> written = approvedOfThisRun();
        List<String> notOnce = accepted.stream().filter(id -> written.getOrDefault(id, 0) != 1)
                .map(id -> id + " x" + written.getOrDefault(id, 0)).sorted().toList();
        assertEquals(List.of(), notOnce.stream().limit(20).toList(),
                notOnce.size() + " of " + accepted.size() + " accepted messages not on sms.approved exactly once");
        Set<String> unanswered = new HashSet<>(written.keySet());
        unanswered.removeAll(accepted);
        assertEquals(Set.of(), unanswered, unanswered.size() + " messages on sms.approved never answered accepted");
    }

    @Test
    void aRetryWithTheSameKeyAfterATimeoutOrA503SendsNothingTwice() throws Exception {
        // given Vault stalls, so calls for new recipients cannot be decided before the client gives up
        String singleKey = "timeout-" + UUID.randomUUID();
        String batchKey = "timeout-batch-" + UUID.randomUUID();
        Call single = new Call("timeout", 0, false, singleKey, item(fresh(), "timeout", 0, 0), 1);
        Call batch = new Call("timeout", 1, true, batchKey, batch("timeout", 1, 5, false), 5);
        FaultyVaultResource.proxy.mode(Mode.HOLD);
        assertThrows(HttpTimeoutException.class, () -> send(single, Duration.ofMillis(500)));
        assertThrows(HttpTimeoutException.class, () -> send(batch, Duration.ofMillis(500)));
        FaultyVaultResource.proxy.mode(Mode.PASS);

        // when the client retries with the same key and body
        Answer singleAgain = post(single, ANSWER_TIMEOUT);
        Answer batchAgain = post(batch, ANSWER_TIMEOUT);

        // then it gets the message ids the key names, accepted
        assertEquals(202, singleAgain.status(), singleAgain.body());
        String singleId = IdempotencyStore.messageId(CLIENT, singleKey, "");
        assertEquals(singleId, json(singleAgain).get("messageId").asText());
        assertEquals(200, batchAgain.status(), batchAgain.body());
        List<String> batchIds = new ArrayList<>();
        for (JsonNode r : json(batchAgain).get("results")) {
            assertEquals(202, r.get("status").asInt(), r.toString());
            batchIds.add(r.get("messageId").asText());
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(IdempotencyStore.messageId(CLIENT, batchKey, "batch-item-" + i), batchIds.get(i));
        }

        // given Vault refused: a new recipient's call is answered 503, nothing accepted
        String refusedKey = "refused-" + UUID.randomUUID();
        Call refusedCall = new Call("refused", 2, false, refusedKey, item(fresh(), "refused", 2, 0), 1);
        FaultyVaultResource.proxy.mode(Mode.REFUSE);
        Answer refused = post(refusedCall, ANSWER_TIMEOUT);
        assertEquals(503, refused.status(), refused.body());
        assertEquals("UNAVAILABLE", json(refused).get("reason").asText());
        FaultyVaultResource.proxy.mode(Mode.PASS);

        // when the client retries under the same key until it is decided (the circuit closes again)
        Answer decided = retryUntilDecided(refusedCall);

        // then it is accepted under the id the key names, and every message went out exactly once
        assertEquals(202, decided.status(), decided.body());
        String refusedId = IdempotencyStore.messageId(CLIENT, refusedKey, "");
        assertEquals(refusedId, json(decided).get("messageId").asText());
        Map<String, Integer> written = approvedOfThisRun();
        List<String> ids = new ArrayList<>(batchIds);
        ids.add(singleId);
        ids.add(refusedId);
        for (String id : ids) {
            assertEquals(1, written.getOrDefault(id, 0), "sms.approved records of " + id);
        }
        assertEquals(ids.size(), written.size(), "records of this test on sms.approved: " + written);
    }

    /**
     * Issue 22 point 4: a full batch for new recipients while Vault is refused is answered with one
     * 503 per item (the circuit opens after a few calls; the rest fail at once) and never blocks an
     * event loop: the resource lowers Vert.x's blocked-thread threshold to 1 s, so a handler that
     * held an event loop that long would log a warning. How fast the answer comes is measured in
     * {@code bench/policy} (the suite times nothing); the timeout here only guards against a hang.
     */
    @Test
    void aFullBatchWhileVaultIsRefusedAnswersEveryItemWithoutBlockingAnEventLoop() throws Exception {
        // given Vault refused and a batch of the largest size, every recipient new
        Call call = new Call("outage", 0, true, null, batch("outage", 0, MessageResource.MAX_BATCH, false),
                MessageResource.MAX_BATCH);
        FaultyVaultResource.proxy.mode(Mode.REFUSE);
        Answer a;
        long took;
        try (LogLines logs = new LogLines()) {
            // when it is sent
            long started = System.nanoTime();
            a = post(call, Duration.ofSeconds(30));
            took = Duration.ofNanos(System.nanoTime() - started).toMillis();

            // then no event loop was held past the threshold
            assertEquals(0L, logs.containing("has been blocked for"), "blocked-thread warnings");
        }
        System.out.println("AnswersUnderFaultsTest: 1,000-item batch with Vault refused answered in " + took + " ms");

        // and every item is answered, none accepted: 503 UNAVAILABLE, retry later
        assertEquals(200, a.status(), a.error() != null ? a.error().toString() : a.body());
        JsonNode results = json(a).get("results");
        assertEquals(MessageResource.MAX_BATCH, results.size());
        for (JsonNode r : results) {
            assertEquals(503, r.get("status").asInt(), r.toString());
            assertEquals("UNAVAILABLE", r.get("reason").asText(), r.toString());
        }
        assertEquals(0, json(a).get("accepted").asInt());
        assertEquals(Map.of(), approvedOfThisRun(), "messages of this batch on sms.approved");

        // and once Vault is back, the circuit closes and a new recipient is accepted again (this also
        // leaves the breaker closed for whatever runs next in this JVM)
        FaultyVaultResource.proxy.mode(Mode.PASS);
        Answer back = retryUntilDecided(new Call("outage-over", 1, false, "outage-over-" + UUID.randomUUID(),
                item(fresh(), "outage-over", 1, 0), 1));
        assertEquals(202, back.status(), back.body());
    }

    // ---- load ---------------------------------------------------------------------------------

    /**
     * {@code calls} calls from {@value #CONCURRENCY} clients: singles and batches of 10 to 30
     * items, with and without Idempotency-Key; a third of the recipients known, the rest new.
     */
    private List<Answer> load(String phase, int calls) throws InterruptedException, ExecutionException {
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<Answer>> pending = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                Call call = call(phase, i);
                pending.add(clients.submit(() -> post(call, ANSWER_TIMEOUT)));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : pending) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    private Call call(String phase, int i) {
        // of every 8 calls: a single, a keyed single, a batch and 5 keyed batches (the keyed batch
        // involves the most threads: ledger, Vault, broker)
        boolean batch = i % 8 >= 2;
        String key = i % 8 != 0 && i % 8 != 2 ? phase + "-" + i + "-" + UUID.randomUUID() : null;
        if (!batch) {
            return new Call(phase, i, false, key, item(i % 3 == 0 ? number(i % WARM_NUMBERS) : fresh(), phase, i, 0), 1);
        }
        int items = 10 + (i * 7) % 21;
        return new Call(phase, i, true, key, batch(phase, i, items, true), items);
    }

    private String batch(String phase, int i, int items, boolean someKnown) {
        StringBuilder json = new StringBuilder("{\"messages\":[");
        for (int j = 0; j < items; j++) {
            String to = someKnown && (i + j) % 3 == 0 ? number((i + j) % WARM_NUMBERS) : fresh();
            json.append(j == 0 ? "" : ",").append(item(to, phase, i, j));
        }
        return json.append("]}").toString();
    }

    private String item(String to, String phase, int i, int j) {
        return "{\"to\":\"" + to + "\",\"from\":\"ACME\",\"body\":\"" + run + " " + phase + " " + i + "." + j + "\"}";
    }

    private static String number(int n) {
        return NUMBER_PREFIX + String.format("%05d", n);
    }

    private static String fresh() {
        return number(FRESH.getAndIncrement());
    }

    /** Runs {@code load} while Vault alternately stalls (400 ms) and lets its held replies go at once. */
    private <T> T whileVaultStalls(Phase<T> load) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread staller = Thread.ofPlatform().name("vault-staller").start(() -> {
            try {
                while (!done.get()) {
                    FaultyVaultResource.proxy.mode(Mode.HOLD);
                    Thread.sleep(400);
                    FaultyVaultResource.proxy.mode(Mode.PASS);
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                FaultyVaultResource.proxy.mode(Mode.PASS);
            }
        });
        try {
            return load.run();
        } finally {
            done.set(true);
            staller.join();
        }
    }

    /**
     * Runs {@code load} with policy-service's producers held to 5 KB/s by a broker quota, far below
     * what the calls write: once a producer is past its allowance the broker delays its produce
     * answers, so acknowledgements come late and in bursts. The quota is lifted 3 s after the first
     * delay (or when the load is over), so the phase stays short.
     */
    private <T> T whileBrokerThrottled(Phase<T> load) throws Exception {
        try (Admin admin = admin()) {
            alterQuota(admin, 5_000.0);
            ExecutorService runner = Executors.newSingleThreadExecutor();
            try {
                Future<T> result = runner.submit(load::run);
                long throttledSince = 0;
                while (!result.isDone()) {
                    if (throttledSince == 0 && throttled()) {
                        throttledSince = System.nanoTime();
                    }
                    if (throttledSince != 0 && System.nanoTime() - throttledSince > Duration.ofSeconds(3).toNanos()) {
                        break;
                    }
                    Thread.sleep(100);
                }
                alterQuota(admin, null);
                T answers = result.get();
                assertTrue(throttled(), "the broker never throttled policy-service's producers");
                return answers;
            } finally {
                runner.shutdownNow();
                alterQuota(admin, null);
            }
        }
    }

    @FunctionalInterface
    private interface Phase<T> {
        T run() throws Exception;
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SealedInfrastructure.get().kafka().bootstrapServers());
        return Admin.create(p);
    }

    private static void alterQuota(Admin admin, Double bytesPerSecond) throws Exception {
        List<ClientQuotaAlteration> alterations = new ArrayList<>();
        for (String clientId : FaultyVaultResource.PRODUCERS) {
            alterations.add(new ClientQuotaAlteration(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond))));
        }
        admin.alterClientQuotas(alterations).all().get();
    }

    /** True once a producer of policy-service was told by the broker to wait. */
    private boolean throttled() {
        return registry.find("kafka.producer.produce.throttle.time.max").gauges().stream()
                .anyMatch(g -> g.value() > 0);
    }

    private double circuitOpenRefusals() {
        return registry.find("sealed.vault.requests").tag("outcome", "circuit_open").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    // ---- calls ----------------------------------------------------------------------------------

    private Answer post(Call call, Duration timeout) {
        try {
            return send(call, timeout);
        } catch (IOException e) {
            return new Answer(call, 0, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(call, 0, null, null, e);
        }
    }

    private Answer send(Call call, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(call.batch() ? "/v1/messages:batch" : "/v1/messages"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(call.json()));
        if (call.key() != null) {
            r.header(MessageResource.IDEMPOTENCY_KEY, call.key());
        }
        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(call, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), null);
    }

    /**
     * A client's retry under the same key and body after a 5xx or no answer: again, 200 ms apart,
     * while the answer is 503 (Vault's circuit may still be open), at most 50 times.
     */
    private Answer retryUntilDecided(Call call) throws InterruptedException {
        Answer a = post(call, ANSWER_TIMEOUT);
        for (int attempt = 1; attempt < 50 && a.status() == 503; attempt++) {
            Thread.sleep(200);
            a = post(call, ANSWER_TIMEOUT);
        }
        return a;
    }

    // ---- checks ---------------------------------------------------------------------------------

    /**
     * Adds the ids {@code a} accepted; a broken contract goes to {@code violations}, with what the
     * same key's {@code retry} (if any) then answered: a replay shows what had been accepted.
     */
    private static void check(Answer a, Answer retry, Set<String> accepted, List<String> violations) {
        Call c = a.call();
        String where = c.phase() + " call " + c.index() + (c.batch() ? " (batch of " + c.items() + ")" : " (single)")
                + (c.key() != null ? " keyed" : "");
        String then = retry == null ? "" : "; its retry under the key: " + retry.status() + ", "
                + acceptedIn(retry) + " accepted";
        if (a.error() != null) {
            violations.add(where + ": no answer (" + a.error().getClass().getSimpleName() + ")" + then);
            return;
        }
        if (isRefusal(a)) {
            return; // a 4xx or 503 problem; that nothing was accepted is checked on sms.approved
        }
        if (!c.batch() && a.status() == 202) {
            accepted.add(json(a).get("messageId").asText());
            return;
        }
        if (c.batch() && a.status() == 200) {
            JsonNode results = json(a).get("results");
            if (results == null || results.size() != c.items()) {
                violations.add(where + ": " + (results == null ? 0 : results.size()) + " results");
                return;
            }
            for (JsonNode r : results) {
                int status = r.get("status").asInt();
                if (status == 202) {
                    accepted.add(r.get("messageId").asText());
                } else if (!(status >= 400 && status < 500 || status == 503) || !r.hasNonNull("reason")) {
                    violations.add(where + ": item " + r.get("index").asInt() + " status " + status);
                }
            }
            return;
        }
        violations.add(where + ": answered " + a.status() + then);
    }

    /** How many messages an answer accepted. */
    private static int acceptedIn(Answer a) {
        if (a.error() != null || !a.contentType().startsWith("application/json")) {
            return 0;
        }
        JsonNode body = json(a);
        return body.has("results") ? body.get("accepted").asInt() : a.status() == 202 ? 1 : 0;
    }

    private static boolean isRefusal(Answer a) {
        return (a.status() >= 400 && a.status() < 500 || a.status() == 503)
                && a.contentType().startsWith(Problem.MEDIA_TYPE) && json(a).hasNonNull("reason");
    }

    private static boolean anyUnavailable(Answer a) {
        if (a.status() == 503) {
            return true;
        }
        if (a.status() != 200 || !a.call().batch()) {
            return false;
        }
        for (JsonNode r : json(a).get("results")) {
            if (r.get("status").asInt() == 503) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode json(Answer a) {
        try {
            return EventJson.mapper().readTree(a.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + a.status() + " " + a.body(), e);
        }
    }

    /** Status counts per phase, e.g. {@code healthy: 200=80 202=80}. */
    private static String tally(List<Answer> answers) {
        Map<String, Map<String, Integer>> byPhase = new TreeMap<>();
        for (Answer a : answers) {
            String status = a.error() != null ? "none" : Integer.toString(a.status());
            byPhase.computeIfAbsent(a.call().phase(), p -> new TreeMap<>()).merge(status, 1, Integer::sum);
        }
        return byPhase.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().entrySet().stream()
                .map(s -> s.getKey() + "=" + s.getValue()).collect(Collectors.joining(" ")))
                .collect(Collectors.joining(", "));
    }

    /** sms.approved records of this run (its marker is in every body), counted per message id. */
    private Map<String, Integer> approvedOfThisRun() {
        Map<String, Integer> counts = new HashMap<>();
        kafka.readAll(Topics.APPROVED).forEach(r -> {
            ApprovedMessage m = EventJson.read(r.value(), ApprovedMessage.class);
            if (m.body() != null && m.body().startsWith(run + " ")) {
                counts.merge(m.messageId(), 1, Integer::sum);
            }
        });
        return counts;
    }

    /** What the service logs while open: each record's message, parameters and exception messages. */
    private static final class LogLines extends Handler implements AutoCloseable {

        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        LogLines() {
            Logger.getLogger("").addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            StringBuilder line = new StringBuilder(String.valueOf(r.getMessage()));
            if (r.getParameters() != null) {
                line.append(' ').append(Arrays.toString(r.getParameters()));
            }
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                line.append(' ').append(t);
            }
            lines.add(line.toString());
        }

        /** How many lines contain {@code text}. */
        long containing(String text) {
            synchronized (lines) {
                return lines.stream().filter(l -> l.contains(text)).count();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
        }
    }
}
