import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * End-to-end load generator and report for the whole local stack (policy → crypto → dispatch →
 * carrier simulator). Run by bench/e2e/run.sh; the classpath is policy-service's (Kafka clients,
 * Jackson).
 *
 * <pre>
 * E2eBench run    KEY=VALUE…   one scenario against a running stack; writes OUT (a JSON part)
 * E2eBench report DIR PREFIX   merges DIR/*.json into PREFIX.json, PREFIX.md and PREFIX.png
 * </pre>
 *
 * What it measures, and from where:
 * <ul>
 *   <li>accepted: the HTTP answers (202, or a batch item with status 202) and their messageIds;
 *   <li>submitted and terminal: the SUBMITTED and terminal receipts on sms.receipts, read from the
 *       end offsets taken before the first request; latencies are {@code occurredAt - acceptedAt} of
 *       those receipts (server clocks, one machine);
 *   <li>carrier submissions: the simulator's own record ({@code GET /v1/submissions}: carrier id and
 *       time), mapped to message ids through the SUBMITTED receipts' carrierMessageId;
 *   <li>Vault requests: OpenBao's own request counters by route ({@code sys/metrics}, server side)
 *       over the run, and the services' {@code sealed_vault_requests_total} (client side) as a cross-check;
 *   <li>CPU seconds (utime+stime delta) and peak RSS (VmHWM) from /proc for each part's PID.
 * </ul>
 * lost = accepted without a terminal receipt when the run ends; duplicated = more than one carrier
 * submission (or more than one terminal receipt) for one message id.
 */
public class E2eBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RECEIPTS = "sms.receipts";
    static final List<String> TERMINAL = List.of("DELIVERED", "UNDELIVERED", "EXPIRED", "FAILED", "REJECTED");

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("run")) {
            Map<String, String> opts = new HashMap<>();
            for (int i = 1; i < args.length; i++) {
                int eq = args[i].indexOf('=');
                opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            }
            new Run(opts).execute();
        } else if (args.length == 3 && args[0].equals("report")) {
            Report.write(Path.of(args[1]), args[2]);
        } else {
            System.err.println("usage: E2eBench run KEY=VALUE… | E2eBench report DIR PREFIX");
            System.exit(2);
        }
    }

    /** One message as the bench saw it; receipt fields are written by the consumer thread only. */
    static final class Msg {
        volatile boolean ours;
        long acceptedAt; // µs, from the receipts' acceptedAt
        long submittedAt;
        int submittedCount;
        final List<String> carrierIds = new ArrayList<>(1);
        volatile long terminalAt;
        int terminalCount;
        String terminalStatus;
        volatile String lastStatus;
    }

    /** One accepted submit as the simulator recorded it: carrier id, received at (µs). */
    record CarrierSubmission(String carrierId, long at) {
    }

    static final class Run {
        final Map<String, String> o;
        final String scenario;
        final String url;
        final String key;
        final int messages;
        final String mode;
        final int batch;
        final int concurrency;
        final double rate;
        final int recipients;
        final Path out;
        final ConcurrentHashMap<String, Msg> byId = new ConcurrentHashMap<>();
        final Map<String, String> carrierToMessage = new ConcurrentHashMap<>();
        final List<String> acceptedIds = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong receiptRecords = new AtomicLong();
        /** Requests sent again after a failure (connection refused, 5xx), under the same Idempotency-Key. */
        final AtomicLong retriedRequests = new AtomicLong();
        /** With idempotency=1: a key per request, retried until answered (bench/faults: the client a crash meets). */
        final boolean idempotent;
        final String runTag = Long.toString(System.currentTimeMillis(), 36);

        Run(Map<String, String> o) throws IOException {
            this.o = o;
            scenario = o.getOrDefault("scenario", "adhoc");
            url = o.getOrDefault("url", "http://127.0.0.1:8080");
            key = Files.readString(Path.of(o.get("keyfile"))).strip();
            messages = Integer.parseInt(o.getOrDefault("messages", "10000"));
            mode = o.getOrDefault("mode", "batch");
            batch = mode.equals("batch") ? Integer.parseInt(o.getOrDefault("batch", "1000")) : 1;
            concurrency = Integer.parseInt(o.getOrDefault("concurrency", "4"));
            rate = Double.parseDouble(o.getOrDefault("rate", "0"));
            recipients = Integer.parseInt(o.getOrDefault("recipients", "1000"));
            out = Path.of(o.get("out"));
            idempotent = o.getOrDefault("idempotency", "0").equals("1");
        }

        void execute() throws Exception {
            Map<String, long[]> procBefore = procSample();
            String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
            Map<String, Double> vaultBefore = vaultServerCounts();
            Map<String, Double> vaultClientBefore = vaultClientCounts();

            KafkaConsumer<String, String> consumer = consumer();
            Thread reader = new Thread(() -> readReceipts(consumer), "receipts");
            reader.start();

            Thread progress = progressWriter();
            long loadStart = nowMicros();
            long[] load = generate();
            long loadEnd = nowMicros();
            System.out.printf(Locale.ROOT, "[%s] load done: %d accepted, %d not, %.1f s; waiting for terminal receipts%n",
                    scenario, load[0], load[1], (loadEnd - loadStart) / 1e6);

            // Wait until every accepted message has a terminal receipt, or nothing moved for `idle` s.
            long idleLimit = Long.parseLong(o.getOrDefault("idle", "30")) * 1_000_000L;
            long lastProgressAt = nowMicros();
            int lastDone = -1;
            List<String> ids;
            synchronized (acceptedIds) {
                ids = new ArrayList<>(acceptedIds);
            }
            int done;
            while (true) {
                done = 0;
                for (String id : ids) {
                    Msg m = byId.get(id);
                    if (m != null && m.terminalAt != 0) {
                        done++;
                    }
                }
                if (done != lastDone) {
                    lastDone = done;
                    lastProgressAt = nowMicros();
                }
                if (done == ids.size() || nowMicros() - lastProgressAt > idleLimit) {
                    break;
                }
                Thread.sleep(200);
            }
            long waitEnd = nowMicros();
            // A little longer: late duplicates (a second terminal receipt, a second submission) count too.
            Thread.sleep(Long.parseLong(o.getOrDefault("settle", "2")) * 1000);
            stop.set(true);
            reader.join();
            if (progress != null) {
                progress.interrupt();
            }

            Map<String, long[]> procAfter = procSample();
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
            Map<String, Double> vaultAfter = vaultServerCounts();
            Map<String, Long> audit = new TreeMap<>();
            vaultAfter.forEach((k, v) -> {
                long d = Math.round(v - vaultBefore.getOrDefault(k, 0.0));
                if (d != 0) {
                    audit.put(k, d);
                }
            });
            Map<String, Double> vaultClientAfter = vaultClientCounts();
            List<CarrierSubmission> carrier = simulatorRecord();

            ObjectNode r = JSON.createObjectNode();
            r.put("scenario", scenario);
            r.put("startedAt", Instant.ofEpochSecond(0, loadStart * 1000).toString());
            ObjectNode p = r.putObject("params");
            p.put("messages", messages).put("mode", mode).put("batchSize", batch).put("concurrency", concurrency)
                    .put("ratePerSecond", rate).put("recipients", recipients)
                    .put("receiptDelay", o.getOrDefault("receiptDelay", "PT1S"))
                    .put("faults", o.getOrDefault("faults", "none"))
                    .put("serviceJavaOpts", o.getOrDefault("javaOpts", ""));
            r.putObject("machine").put("cores", Runtime.getRuntime().availableProcessors())
                    .put("loadavgBefore", loadBefore).put("loadavgAfter", loadAfter);
            analyse(r, ids, load, loadStart, loadEnd, waitEnd, carrier);
            ObjectNode v = r.putObject("vault");
            long vaultTotal = audit.values().stream().mapToLong(Long::longValue).sum();
            v.put("requests", o.containsKey("vaulttoken") ? vaultTotal : -1);
            v.put("perTenThousandMessages", ids.isEmpty() ? 0 : vaultTotal * 10_000.0 / ids.size());
            ObjectNode byPath = v.putObject("byRoute");
            audit.forEach(byPath::put);
            ObjectNode client = v.putObject("clientSideByService");
            vaultClientAfter.forEach((svc, n) -> client.put(svc, n - vaultClientBefore.getOrDefault(svc, 0.0)));
            ObjectNode procs = r.putObject("processes");
            procAfter.forEach((part, after) -> {
                long[] before = procBefore.get(part);
                ObjectNode pn = procs.putObject(part);
                pn.put("pid", after[2]);
                pn.put("cpuSeconds", before == null ? -1 : (after[0] - before[0]) / 100.0);
                pn.put("peakRssMb", after[1] / 1024.0);
            });
            Files.createDirectories(out.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), r);
            System.out.println(summaryLine(r));
        }

        // ---------------------------------------------------------------- load

        /** {accepted, not accepted}. Fixed rate when rate > 0, else as fast as `concurrency` allows. */
        long[] generate() throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Semaphore inFlight = new Semaphore(concurrency);
            AtomicLong ok = new AtomicLong();
            AtomicLong bad = new AtomicLong();
            boolean isBatch = mode.equals("batch");
            int requests = (messages + batch - 1) / batch;
            CompletableFuture<?>[] all = new CompletableFuture<?>[requests];
            long t0 = System.nanoTime();
            double nanosPerRequest = rate > 0 ? batch * 1e9 / rate : 0;
            for (int i = 0; i < requests; i++) {
                if (rate > 0) {
                    long due = t0 + (long) (i * nanosPerRequest);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                inFlight.acquire();
                int first = i * batch;
                int n = Math.min(batch, messages - first);
                String body;
                if (isBatch) {
                    StringBuilder sb = new StringBuilder(n * 110).append("{\"messages\":[");
                    for (int j = 0; j < n; j++) {
                        sb.append(j == 0 ? "" : ",").append(message(first + j));
                    }
                    body = sb.append("]}").toString();
                } else {
                    body = message(first);
                }
                HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url + (isBatch ? "/v1/messages:batch" : "/v1/messages")))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body));
                if (idempotent) {
                    rb.header("Idempotency-Key", "bench-" + runTag + "-" + i);
                }
                HttpRequest req = rb.build();
                all[i] = sendRetrying(http, req).whenComplete((resp, e) -> {
                    inFlight.release();
                    if (e != null) {
                        bad.addAndGet(n);
                        refused.computeIfAbsent("http-error", k -> new AtomicLong()).addAndGet(n);
                        return;
                    }
                    try {
                        JsonNode answer = JSON.readTree(resp.body());
                        if (isBatch && resp.statusCode() == 200) {
                            for (JsonNode item : answer.path("results")) {
                                if (item.path("status").asInt() == 202) {
                                    accept(item.path("messageId").asText());
                                    ok.incrementAndGet();
                                } else {
                                    bad.incrementAndGet();
                                    refused.computeIfAbsent(item.path("reason").asText("?"), k -> new AtomicLong())
                                            .incrementAndGet();
                                }
                            }
                        } else if (!isBatch && resp.statusCode() == 202) {
                            accept(answer.path("messageId").asText());
                            ok.incrementAndGet();
                        } else {
                            bad.addAndGet(n);
                            refused.computeIfAbsent(resp.statusCode() + " " + answer.path("reason").asText(""),
                                    k -> new AtomicLong()).addAndGet(n);
                        }
                    } catch (IOException ex) {
                        bad.addAndGet(n);
                        refused.computeIfAbsent("unparsable-answer", k -> new AtomicLong()).addAndGet(n);
                    }
                });
            }
            CompletableFuture.allOf(all).exceptionally(x -> null).join();
            return new long[] {ok.get(), bad.get()};
        }

        /**
         * Sends once; with idempotency=1, sends again under the same key while the service cannot
         * answer (connection refused or reset, timeout, HTTP 5xx): what a client does while
         * policy-service restarts. Gives up after {@code retryFor} seconds (default 600).
         */
        CompletableFuture<HttpResponse<String>> sendRetrying(HttpClient http, HttpRequest req) {
            long deadline = System.nanoTime() + Long.parseLong(o.getOrDefault("retryFor", "600")) * 1_000_000_000L;
            return attempt(http, req, deadline);
        }

        CompletableFuture<HttpResponse<String>> attempt(HttpClient http, HttpRequest req, long deadline) {
            CompletableFuture<HttpResponse<String>> sent = http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
            if (!idempotent) {
                return sent;
            }
            return sent.handle((resp, e) -> {
                boolean again = (e != null || resp.statusCode() >= 500) && System.nanoTime() < deadline;
                if (!again) {
                    return e == null ? CompletableFuture.completedFuture(resp)
                            : CompletableFuture.<HttpResponse<String>>failedFuture(e);
                }
                retriedRequests.incrementAndGet();
                return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS))
                        .thenCompose(x -> attempt(http, req, deadline));
            }).thenCompose(f -> f);
        }

        /** With progress=FILE: "accepted terminal" rewritten every second, for a driver that times faults. */
        Thread progressWriter() {
            String file = o.get("progress");
            if (file == null) {
                return null;
            }
            Thread t = new Thread(() -> {
                Path f = Path.of(file);
                Path tmp = Path.of(file + ".tmp");
                while (!Thread.currentThread().isInterrupted()) {
                    List<String> ids;
                    synchronized (acceptedIds) {
                        ids = new ArrayList<>(acceptedIds);
                    }
                    long done = ids.stream().map(byId::get).filter(m -> m != null && m.terminalAt != 0).count();
                    try {
                        Files.writeString(tmp, ids.size() + " " + done + "\n");
                        Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        Thread.sleep(1000);
                    } catch (IOException e) {
                        return;
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "progress");
            t.setDaemon(true);
            t.start();
            return t;
        }

        void accept(String id) {
            byId.computeIfAbsent(id, k -> new Msg()).ours = true;
            acceptedIds.add(id);
        }

        /** A one-segment OTP; unique body per message, `recipients` distinct numbers (repeat customers). */
        String message(int i) {
            return String.format(Locale.ROOT,
                    "{\"to\":\"+4474009%05d\",\"from\":\"ACME\",\"body\":\"Your code is %06d. It expires in 10 minutes.\"}",
                    i % recipients, i % 1_000_000);
        }

        // ---------------------------------------------------------------- receipts

        KafkaConsumer<String, String> consumer() {
            Properties props = new Properties();
            props.put("bootstrap.servers", o.getOrDefault("bootstrap", "127.0.0.1:9092"));
            props.put("key.deserializer", StringDeserializer.class.getName());
            props.put("value.deserializer", StringDeserializer.class.getName());
            props.put("enable.auto.commit", "false");
            props.put("max.poll.records", "5000");
            props.put("fetch.min.bytes", "1");
            props.put("isolation.level", "read_committed");
            KafkaConsumer<String, String> c = new KafkaConsumer<>(props);
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(RECEIPTS)) {
                parts.add(new TopicPartition(RECEIPTS, pi.partition()));
            }
            c.assign(parts);
            // From the end as it is now: only this run's receipts.
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            end.forEach(c::seek);
            return c;
        }

        void readReceipts(KafkaConsumer<String, String> c) {
            try (c) {
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> rec : c.poll(Duration.ofMillis(100))) {
                        receiptRecords.incrementAndGet();
                        onReceipt(rec.value());
                    }
                }
            }
        }

        void onReceipt(String value) {
            JsonNode r;
            try {
                r = JSON.readTree(value);
            } catch (IOException e) {
                return;
            }
            String id = r.path("messageId").asText(null);
            String status = r.path("status").asText("");
            if (id == null) {
                return;
            }
            Msg m = byId.computeIfAbsent(id, k -> new Msg());
            m.lastStatus = status;
            long occurred = micros(r.get("occurredAt"));
            if (r.hasNonNull("acceptedAt")) {
                m.acceptedAt = micros(r.get("acceptedAt"));
            }
            if (status.equals("SUBMITTED")) {
                if (m.submittedCount++ == 0) {
                    m.submittedAt = occurred;
                }
                String cid = r.path("carrierMessageId").asText(null);
                if (cid != null) {
                    m.carrierIds.add(cid);
                    carrierToMessage.put(cid, id);
                }
            } else if (TERMINAL.contains(status)) {
                m.terminalStatus = m.terminalCount == 0 ? status : m.terminalStatus;
                if (m.terminalCount++ == 0) {
                    m.terminalAt = occurred;
                }
            }
        }

        // ---------------------------------------------------------------- analysis

        void analyse(ObjectNode r, List<String> ids, long[] load, long loadStart, long loadEnd, long waitEnd,
                List<CarrierSubmission> carrier) {
            int n = ids.size();
            long firstAccept = Long.MAX_VALUE;
            long lastAccept = 0;
            long lastSubmit = 0;
            long lastTerminal = 0;
            long[] toSubmit = new long[n];
            long[] toTerminal = new long[n];
            int ns = 0;
            int nt = 0;
            int lost = 0;
            List<String> lostIds = new ArrayList<>();
            List<String> dupTerminalIds = new ArrayList<>();
            int dupTerminal = 0;
            int dupSubmitted = 0;
            Map<String, Integer> outcomes = new TreeMap<>();
            for (String id : ids) {
                Msg m = byId.get(id);
                if (m.acceptedAt != 0) {
                    firstAccept = Math.min(firstAccept, m.acceptedAt);
                    lastAccept = Math.max(lastAccept, m.acceptedAt);
                }
                if (m.submittedCount > 0) {
                    lastSubmit = Math.max(lastSubmit, m.submittedAt);
                    toSubmit[ns++] = m.submittedAt - m.acceptedAt;
                    if (m.submittedCount > 1) {
                        dupSubmitted++;
                    }
                }
                if (m.terminalCount > 0) {
                    lastTerminal = Math.max(lastTerminal, m.terminalAt);
                    toTerminal[nt++] = m.terminalAt - m.acceptedAt;
                    outcomes.merge(m.terminalStatus, 1, Integer::sum);
                    if (m.terminalCount > 1) {
                        dupTerminal++;
                        dupTerminalIds.add(id);
                    }
                } else {
                    lost++;
                    lostIds.add(id);
                }
            }
            // The carrier's record: submissions per message id via the SUBMITTED receipts' carrier ids.
            Map<String, Integer> perMessage = new HashMap<>();
            int unattributed = 0;
            long lastCarrier = 0;
            List<Long> carrierTimes = new ArrayList<>();
            for (CarrierSubmission s : carrier) {
                String mid = carrierToMessage.get(s.carrierId());
                if (mid == null || !byId.containsKey(mid) || !byId.get(mid).ours) {
                    if (s.at() >= loadStart) {
                        unattributed++;
                        carrierTimes.add(s.at());
                    }
                    continue;
                }
                perMessage.merge(mid, 1, Integer::sum);
                lastCarrier = Math.max(lastCarrier, s.at());
                carrierTimes.add(s.at());
            }
            int dupCarrier = (int) perMessage.values().stream().filter(c -> c > 1).count();
            // Submissions beyond one per message: extra attributed ones, plus those no SUBMITTED receipt
            // names (dispatch died between submit_sm_resp and its receipt, then submitted again).
            int carrierExtra = perMessage.values().stream().mapToInt(x -> x - 1).sum() + unattributed;
            int carrierSubs = perMessage.values().stream().mapToInt(Integer::intValue).sum() + unattributed;

            ObjectNode c = r.putObject("counts");
            c.put("requested", messages).put("accepted", n).put("notAccepted", load[1]);
            ObjectNode ref = c.putObject("notAcceptedByReason");
            refused.forEach((k, v) -> ref.put(k, v.get()));
            c.put("receiptRecordsRead", receiptRecords.get());
            c.put("submittedReceipts", ns);
            ObjectNode oc = c.putObject("terminalByStatus");
            outcomes.forEach(oc::put);
            c.put("carrierSubmissions", carrierSubs);
            c.put("carrierSubmissionsRetainedBySimulator", carrier.size());
            c.put("carrierSubmissionsUnattributed", unattributed);
            c.put("lost", lost);
            c.put("duplicatedCarrierSubmissions", dupCarrier);
            c.put("duplicatedSubmittedReceipts", dupSubmitted);
            c.put("duplicatedTerminalReceipts", dupTerminal);
            c.put("carrierSubmissionsBeyondOnePerMessage", carrierExtra);
            c.put("retriedRequests", retriedRequests.get());
            ArrayNode lostArr = c.putArray("lostMessages"); // at most 50, with the last status seen
            for (String id : lostIds.subList(0, Math.min(50, lostIds.size()))) {
                Msg m = byId.get(id);
                lostArr.addObject().put("messageId", id).put("lastStatus", m.lastStatus == null ? "none" : m.lastStatus)
                        .put("submittedReceipts", m.submittedCount).put("carrierIds", String.join(",", m.carrierIds));
            }
            ArrayNode dupArr = c.putArray("duplicatedTerminalMessages");
            for (String id : dupTerminalIds.subList(0, Math.min(50, dupTerminalIds.size()))) {
                dupArr.add(id);
            }

            double loadSec = (loadEnd - loadStart) / 1e6;
            double toLastSubmit = (lastSubmit - firstAccept) / 1e6;
            double toLastTerminal = (lastTerminal - firstAccept) / 1e6;
            ObjectNode t = r.putObject("times");
            t.put("loadSeconds", loadSec);
            t.put("firstAcceptToLastAcceptSeconds", (lastAccept - firstAccept) / 1e6);
            t.put("firstAcceptToLastSubmitSeconds", toLastSubmit);
            t.put("firstAcceptToLastCarrierSubmissionSeconds", (lastCarrier - firstAccept) / 1e6);
            t.put("firstAcceptToLastTerminalSeconds", toLastTerminal);
            t.put("waitedSeconds", (waitEnd - loadStart) / 1e6);
            ObjectNode th = r.putObject("throughput");
            th.put("acceptedPerSecond", n / Math.max(1e-9, (lastAccept - firstAccept) / 1e6));
            th.put("acceptedPerSecondHttp", n / loadSec);
            th.put("submittedPerSecond", carrierSubs / Math.max(1e-9, (lastCarrier - firstAccept) / 1e6));
            th.put("terminalPerSecond", nt / Math.max(1e-9, toLastTerminal));
            ObjectNode l = r.putObject("latencyMs");
            l.set("acceptToSubmit", percentiles(Arrays.copyOf(toSubmit, ns)));
            l.set("acceptToTerminal", percentiles(Arrays.copyOf(toTerminal, nt)));

            // Per second from the first accept: counts and latency percentiles.
            int seconds = (int) Math.max(1, Math.ceil((Math.max(lastTerminal, lastCarrier) - firstAccept) / 1e6) + 1);
            long[] acc = new long[seconds];
            long[] sub = new long[seconds];
            long[] term = new long[seconds];
            List<List<Long>> subLat = new ArrayList<>();
            List<List<Long>> termLat = new ArrayList<>();
            for (int i = 0; i < seconds; i++) {
                subLat.add(new ArrayList<>());
                termLat.add(new ArrayList<>());
            }
            for (String id : ids) {
                Msg m = byId.get(id);
                bump(acc, m.acceptedAt, firstAccept);
                if (m.submittedCount > 0) {
                    int b = bucket(m.submittedAt, firstAccept, seconds);
                    if (b >= 0) {
                        subLat.get(b).add(m.submittedAt - m.acceptedAt);
                    }
                }
                if (m.terminalCount > 0) {
                    bump(term, m.terminalAt, firstAccept);
                    int b = bucket(m.terminalAt, firstAccept, seconds);
                    if (b >= 0) {
                        termLat.get(b).add(m.terminalAt - m.acceptedAt);
                    }
                }
            }
            for (long ct : carrierTimes) {
                bump(sub, ct, firstAccept);
            }
            ArrayNode series = r.putArray("perSecond");
            for (int i = 0; i < seconds; i++) {
                ObjectNode s = series.addObject();
                s.put("t", i).put("accepted", acc[i]).put("submitted", sub[i]).put("terminal", term[i]);
                long[] sl = subLat.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
                long[] tl = termLat.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
                if (sl.length > 0) {
                    s.put("submitP50Ms", pct(sl, 50) / 1000.0).put("submitP99Ms", pct(sl, 99) / 1000.0);
                }
                if (tl.length > 0) {
                    s.put("terminalP50Ms", pct(tl, 50) / 1000.0).put("terminalP99Ms", pct(tl, 99) / 1000.0);
                }
            }
        }

        static int bucket(long at, long t0, int seconds) {
            int b = (int) ((at - t0) / 1_000_000L);
            return b >= 0 && b < seconds ? b : -1;
        }

        static void bump(long[] series, long at, long t0) {
            int b = bucket(at, t0, series.length);
            if (b >= 0) {
                series[b]++;
            }
        }

        static ObjectNode percentiles(long[] micros) {
            Arrays.sort(micros);
            ObjectNode p = JSON.createObjectNode();
            p.put("count", micros.length);
            if (micros.length > 0) {
                p.put("p50", pct(micros, 50) / 1000.0).put("p95", pct(micros, 95) / 1000.0)
                        .put("p99", pct(micros, 99) / 1000.0).put("max", micros[micros.length - 1] / 1000.0);
            }
            return p;
        }

        /** Nearest-rank percentile of a sorted array. */
        static long pct(long[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        // ---------------------------------------------------------------- sources outside the bench

        /** The simulator's retained submissions, oldest first. */
        List<CarrierSubmission> simulatorRecord() throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            String body = http.send(HttpRequest.newBuilder(URI.create(o.getOrDefault("simulator", "http://127.0.0.1:8083")
                    + "/v1/submissions")).build(), HttpResponse.BodyHandlers.ofString()).body();
            List<CarrierSubmission> out = new ArrayList<>();
            for (String line : body.split("\n")) {
                int sp = line.indexOf(' ');
                if (sp > 0) {
                    out.add(new CarrierSubmission(line.substring(0, sp), Long.parseLong(line.substring(sp + 1))));
                }
            }
            return out;
        }

        /** part → {utime+stime ticks, VmHWM kB, pid}, for the PID files in `pids` (DIR/part.pid: "PID START"). */
        Map<String, long[]> procSample() throws IOException {
            Map<String, long[]> out = new LinkedHashMap<>();
            String dir = o.get("pids");
            if (dir == null) {
                return out;
            }
            for (String part : List.of("kafka", "openbao", "carrier-simulator", "policy-service", "crypto-service",
                    "dispatch-service")) {
                Path f = Path.of(dir, part + ".pid");
                if (Files.exists(f)) {
                    long pid = Long.parseLong(Files.readString(f).strip().split("\\s+")[0]);
                    out.put(part, proc(pid));
                }
            }
            out.put("load-generator", proc(ProcessHandle.current().pid()));
            return out;
        }

        static long[] proc(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            long hwm = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new long[] {ticks, hwm, pid};
        }

        /**
         * OpenBao's request counters by route (mount and verb), from {@code sys/metrics?format=prometheus}
         * with the root token: {@code vault_route_<verb>_<mount>_count}. The dev server keeps them
         * cumulative; the bench's own {@code sys/} reads are left out.
         */
        Map<String, Double> vaultServerCounts() throws Exception {
            Map<String, Double> out = new TreeMap<>();
            String tokenFile = o.get("vaulttoken");
            if (tokenFile == null) {
                return out;
            }
            HttpClient http = HttpClient.newHttpClient();
            String body = http.send(HttpRequest.newBuilder(URI.create(o.getOrDefault("vault", "http://127.0.0.1:8200")
                            + "/v1/sys/metrics?format=prometheus"))
                    .header("X-Vault-Token", Files.readString(Path.of(tokenFile)).strip()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("^vault_route_([a-z]+)_([a-z0-9_-]+?)__count\\s+([0-9.eE+-]+)$", Pattern.MULTILINE)
                    .matcher(body);
            while (m.find()) {
                // sys/: the bench's own reads; rollback: OpenBao's periodic housekeeping, not a client
                if (!m.group(2).equals("sys") && !m.group(1).equals("rollback")) {
                    out.put(m.group(1) + " " + m.group(2), Double.parseDouble(m.group(3)));
                }
            }
            return out;
        }

        /** sealed_vault_requests_total summed per service (client side), from /q/metrics. */
        Map<String, Double> vaultClientCounts() {
            Map<String, Double> out = new TreeMap<>();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Pattern line = Pattern.compile("^sealed_vault_requests_total\\{[^}]*\\}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);
            for (var e : Map.of("policy-service", 8080, "crypto-service", 8081, "dispatch-service", 8082).entrySet()) {
                try {
                    String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.getValue()
                            + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    double sum = 0;
                    Matcher m = line.matcher(body);
                    while (m.find()) {
                        sum += Double.parseDouble(m.group(1));
                    }
                    out.put(e.getKey(), sum);
                } catch (Exception ex) {
                    // a service without metrics is reported as absent
                }
            }
            return out;
        }
    }

    static long micros(JsonNode t) {
        if (t == null || t.isNull()) {
            return 0;
        }
        if (t.isNumber()) { // seconds.nanos (Jackson's default for Instant with timestamps on)
            return t.decimalValue().movePointRight(6).longValue();
        }
        Instant i = Instant.parse(t.asText());
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    static long nowMicros() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    static String summaryLine(JsonNode r) {
        JsonNode c = r.path("counts");
        JsonNode th = r.path("throughput");
        JsonNode l = r.path("latencyMs");
        return String.format(Locale.ROOT,
                "E2E %s messages=%d accepted=%d accepted/s=%.0f submitted/s=%.0f terminal/s=%.0f all-terminal=%.2fs "
                        + "accept→submit p50/p95/p99=%.1f/%.1f/%.1f ms accept→terminal p50/p95/p99=%.0f/%.0f/%.0f ms "
                        + "lost=%d dup-carrier=%d dup-terminal=%d vault/10k=%.1f outcomes=%s load=%s",
                r.path("scenario").asText(), r.path("params").path("messages").asInt(), c.path("accepted").asInt(),
                th.path("acceptedPerSecond").asDouble(), th.path("submittedPerSecond").asDouble(),
                th.path("terminalPerSecond").asDouble(), r.path("times").path("firstAcceptToLastTerminalSeconds").asDouble(),
                l.path("acceptToSubmit").path("p50").asDouble(), l.path("acceptToSubmit").path("p95").asDouble(),
                l.path("acceptToSubmit").path("p99").asDouble(), l.path("acceptToTerminal").path("p50").asDouble(),
                l.path("acceptToTerminal").path("p95").asDouble(), l.path("acceptToTerminal").path("p99").asDouble(),
                c.path("lost").asInt(), c.path("duplicatedCarrierSubmissions").asInt(),
                c.path("duplicatedTerminalReceipts").asInt(), r.path("vault").path("perTenThousandMessages").asDouble(),
                c.path("terminalByStatus"), r.path("machine").path("loadavgAfter").asText());
    }

    // ==================================================================== report

    static final class Report {

        static void write(Path dir, String prefix) throws IOException {
            List<JsonNode> runs = new ArrayList<>();
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d-.*\\.json")).sorted().toList()) {
                    runs.add(JSON.readTree(f.toFile()));
                }
            }
            Map<String, JsonNode> by = new LinkedHashMap<>();
            for (JsonNode r : runs) {
                by.put(r.path("scenario").asText(), r);
            }
            ObjectNode all = JSON.createObjectNode();
            all.put("generatedAt", Instant.now().toString());
            all.put("cores", Runtime.getRuntime().availableProcessors());
            ArrayNode targets = all.putArray("targets");
            JsonNode tp = by.get("throughput");
            if (tp != null) {
                target(targets, "throughput", "end-to-end msgs/s (terminal receipts / first accept→last terminal), "
                        + tp.path("params").path("messages").asInt() + " msgs via batch",
                        tp.path("throughput").path("terminalPerSecond").asDouble(), 10_000, true, "msgs/s");
            }
            JsonNode lat = by.get("latency");
            if (lat != null) {
                target(targets, "latency", String.format(Locale.ROOT, "p99 accept→submit at %.0f msgs/s offered (%.0f accepted/s)",
                        lat.path("params").path("ratePerSecond").asDouble(), lat.path("throughput").path("acceptedPerSecond").asDouble()),
                        lat.path("latencyMs").path("acceptToSubmit").path("p99").asDouble(), 50, false, "ms");
            }
            JsonNode rc = by.get("receipts");
            if (rc != null) {
                target(targets, "receipts", "first accept → last terminal receipt, "
                        + rc.path("params").path("messages").asInt() + " msgs, DLR delay " + rc.path("params").path("receiptDelay").asText(),
                        rc.path("times").path("firstAcceptToLastTerminalSeconds").asDouble(), 4, false, "s");
            }
            JsonNode fa = by.get("faults");
            if (fa != null && rc != null) {
                double ratio = fa.path("times").path("firstAcceptToLastTerminalSeconds").asDouble()
                        / rc.path("times").path("firstAcceptToLastTerminalSeconds").asDouble();
                target(targets, "faults", "all-terminal time with faults / clean (receipts scenario), "
                        + fa.path("params").path("faults").asText(), ratio, 1.5, false, "×");
            }
            ArrayNode sc = all.putArray("scenarios");
            runs.forEach(sc::add);
            JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of(prefix + ".json").toFile(), all);
            Files.writeString(Path.of(prefix + ".md"), markdown(all, runs, Path.of(prefix).getFileName().toString()));
            chart(runs, Path.of(prefix + ".png"));
            System.out.println("wrote " + prefix + ".{json,md,png}");
        }

        static void target(ArrayNode targets, String name, String what, double value, double goal, boolean atLeast,
                String unit) {
            boolean met = atLeast ? value >= goal : value <= goal;
            ObjectNode t = targets.addObject();
            t.put("scenario", name).put("metric", what).put("value", value).put("target", goal)
                    .put("unit", unit).put("kind", atLeast ? "at least" : "at most").put("met", met)
                    .put("ratioToTarget", value / goal);
        }

        static String f(double v) {
            return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
        }

        static String markdown(JsonNode all, List<JsonNode> runs, String name) {
            StringBuilder md = new StringBuilder();
            md.append("# End-to-end benchmark ").append(name).append("\n\n");
            md.append("Generated ").append(all.path("generatedAt").asText()).append(" on ").append(all.path("cores").asInt())
                    .append(" cores shared with other work (load average per scenario below): figures are noisy.\n\n");
            md.append("## Targets\n\n| scenario | metric | measured | target | met | by how much |\n|---|---|---|---|---|---|\n");
            for (JsonNode t : all.path("targets")) {
                double v = t.path("value").asDouble();
                double g = t.path("target").asDouble();
                boolean met = t.path("met").asBoolean();
                boolean atLeast = t.path("kind").asText().equals("at least");
                String by = atLeast ? String.format(Locale.ROOT, "%.2f× the target (%s)", v / g, met ? "met" : f(g - v) + " " + t.path("unit").asText() + " short")
                        : String.format(Locale.ROOT, "%.2f× the limit (%s)", v / g, met ? "met" : f(v - g) + " " + t.path("unit").asText() + " over");
                md.append("| ").append(t.path("scenario").asText()).append(" | ").append(t.path("metric").asText())
                        .append(" | ").append(f(v)).append(' ').append(t.path("unit").asText()).append(" | ")
                        .append(atLeast ? "≥ " : "≤ ").append(f(g)).append(' ').append(t.path("unit").asText())
                        .append(" | ").append(met ? "met" : "**missed**").append(" | ").append(by).append(" |\n");
            }
            md.append("\n## Scenarios\n\n| metric |");
            for (JsonNode r : runs) {
                md.append(' ').append(r.path("scenario").asText()).append(" |");
            }
            md.append("\n|---|").append("---|".repeat(runs.size())).append('\n');
            row(md, runs, "messages requested / accepted", r -> r.path("counts").path("requested").asInt() + " / " + r.path("counts").path("accepted").asInt());
            row(md, runs, "mode (batch size, in flight, rate)", r -> r.path("params").path("mode").asText() + " ("
                    + r.path("params").path("batchSize").asInt() + ", " + r.path("params").path("concurrency").asInt() + ", "
                    + (r.path("params").path("ratePerSecond").asDouble() > 0 ? f(r.path("params").path("ratePerSecond").asDouble()) + "/s" : "max") + ")");
            row(md, runs, "faults", r -> r.path("params").path("faults").asText());
            row(md, runs, "accepted msgs/s", r -> f(r.path("throughput").path("acceptedPerSecond").asDouble()));
            row(md, runs, "submitted to carrier msgs/s", r -> f(r.path("throughput").path("submittedPerSecond").asDouble()));
            row(md, runs, "terminal receipts msgs/s (end to end)", r -> f(r.path("throughput").path("terminalPerSecond").asDouble()));
            row(md, runs, "first accept → last terminal (s)", r -> f(r.path("times").path("firstAcceptToLastTerminalSeconds").asDouble()));
            for (String k : List.of("acceptToSubmit", "acceptToTerminal")) {
                for (String p : List.of("p50", "p95", "p99")) {
                    row(md, runs, (k.equals("acceptToSubmit") ? "accept→submit " : "accept→receipt ") + p + " (ms)",
                            r -> f(r.path("latencyMs").path(k).path(p).asDouble()));
                }
            }
            row(md, runs, "terminal outcomes", r -> r.path("counts").path("terminalByStatus").toString().replace("\"", "").replace(",", ", "));
            row(md, runs, "lost (accepted, no terminal receipt)", r -> String.valueOf(r.path("counts").path("lost").asInt()));
            row(md, runs, "duplicated: >1 carrier submission / >1 terminal receipt", r -> r.path("counts").path("duplicatedCarrierSubmissions").asInt()
                    + " / " + r.path("counts").path("duplicatedTerminalReceipts").asInt());
            row(md, runs, "carrier submissions (unattributed)", r -> r.path("counts").path("carrierSubmissions").asInt() + " ("
                    + r.path("counts").path("carrierSubmissionsUnattributed").asInt() + ")");
            row(md, runs, "Vault requests (OpenBao's counters) / per 10,000 msgs", r -> r.path("vault").path("requests").asLong() + " / "
                    + f(r.path("vault").path("perTenThousandMessages").asDouble()));
            row(md, runs, "Vault requests by route (verb mount)", r -> r.path("vault").path("byRoute").toString().replace("\"", "").replace(",", ", "));
            row(md, runs, "Vault requests, services' own count", r -> r.path("vault").path("clientSideByService").toString().replace("\"", "").replace(",", ", "));
            for (String part : List.of("kafka", "openbao", "carrier-simulator", "policy-service", "crypto-service",
                    "dispatch-service", "load-generator")) {
                row(md, runs, part + ": CPU s / peak RSS MB", r -> {
                    JsonNode pn = r.path("processes").path(part);
                    return pn.isMissingNode() ? "–" : f(pn.path("cpuSeconds").asDouble()) + " / " + f(pn.path("peakRssMb").asDouble());
                });
            }
            row(md, runs, "load average before → after", r -> r.path("machine").path("loadavgBefore").asText().split(" ")[0] + " → "
                    + r.path("machine").path("loadavgAfter").asText().split(" ")[0]);
            md.append("\nCPU seconds are utime+stime over the scenario (load and drain); peak RSS is VmHWM since the process\n"
                    + "started. Latencies are `occurredAt - acceptedAt` of the SUBMITTED and terminal receipts.\n");
            return md.toString();
        }

        interface Cell {
            String of(JsonNode r);
        }

        static void row(StringBuilder md, List<JsonNode> runs, String label, Cell cell) {
            md.append("| ").append(label).append(" |");
            for (JsonNode r : runs) {
                md.append(' ').append(cell.of(r)).append(" |");
            }
            md.append('\n');
        }

        /** One row per scenario: msgs/s per second (left), latency p50/p99 per second (right, log scale). */
        static void chart(List<JsonNode> runs, Path png) throws IOException {
            int w = 1400;
            int rowH = 300;
            int h = Math.max(1, runs.size()) * rowH + 20;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int y0 = 10;
            for (JsonNode r : runs) {
                JsonNode s = r.path("perSecond");
                String name = r.path("scenario").asText();
                panel(g, 60, y0 + 25, 620, rowH - 70, s, name + ": msgs/s per second",
                        new String[] {"accepted", "submitted", "terminal"}, new Color[] {Color.BLUE, new Color(0, 150, 0), Color.RED}, false);
                panel(g, 760, y0 + 25, 620, rowH - 70, s, name + ": latency (ms, log) by second of the event",
                        new String[] {"submitP50Ms", "submitP99Ms", "terminalP50Ms", "terminalP99Ms"},
                        new Color[] {new Color(0, 150, 0), new Color(120, 220, 120), Color.RED, new Color(255, 150, 150)}, true);
                y0 += rowH;
            }
            g.dispose();
            ImageIO.write(img, "png", png.toFile());
        }

        static void panel(Graphics2D g, int x, int y, int w, int h, JsonNode s, String title, String[] keys, Color[] colors,
                boolean log) {
            int n = s.size();
            double max = 1;
            double min = log ? Double.MAX_VALUE : 0;
            for (JsonNode p : s) {
                for (String k : keys) {
                    if (p.has(k)) {
                        max = Math.max(max, p.path(k).asDouble());
                        if (log && p.path(k).asDouble() > 0) {
                            min = Math.min(min, p.path(k).asDouble());
                        }
                    }
                }
            }
            if (log) {
                min = min == Double.MAX_VALUE ? 1 : Math.pow(10, Math.floor(Math.log10(Math.max(min, 0.1))));
                max = Math.pow(10, Math.ceil(Math.log10(max)));
            }
            g.setColor(Color.BLACK);
            g.drawString(title, x, y - 8);
            g.drawRect(x, y, w, h);
            // y ticks
            for (int i = 0; i <= 4; i++) {
                double v = log ? min * Math.pow(max / min, i / 4.0) : max * i / 4.0;
                int ty = y + h - (int) (h * i / 4.0);
                g.setColor(new Color(225, 225, 225));
                g.drawLine(x + 1, ty, x + w - 1, ty);
                g.setColor(Color.DARK_GRAY);
                g.drawString(v >= 10 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v), x - 55, ty + 4);
            }
            g.drawString("0 s", x, y + h + 14);
            g.drawString((n - 1) + " s since first accept", x + w - 130, y + h + 14);
            g.setStroke(new BasicStroke(1.6f));
            for (int k = 0; k < keys.length; k++) {
                g.setColor(colors[k]);
                int px = -1;
                int py = -1;
                for (int i = 0; i < n; i++) {
                    JsonNode p = s.get(i);
                    if (!p.has(keys[k])) {
                        px = -1;
                        continue;
                    }
                    double v = p.path(keys[k]).asDouble();
                    double frac = log ? Math.log(Math.max(v, min) / min) / Math.log(max / min) : v / max;
                    int cx = x + (n <= 1 ? 0 : (int) ((long) w * i / (n - 1)));
                    int cy = y + h - (int) (h * frac);
                    if (px >= 0) {
                        g.drawLine(px, py, cx, cy);
                    } else {
                        g.fillOval(cx - 2, cy - 2, 4, 4);
                    }
                    px = cx;
                    py = cy;
                }
                g.drawString(keys[k], x + 10 + k * 120, y + 15);
            }
            g.setStroke(new BasicStroke(1f));
        }
    }
}
