import com.sun.management.OperatingSystemMXBean;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitKeys;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cost of one Transit HMAC call through envelope's {@link TransitClient}, for whichever envelope
 * build is on the class path: run.sh starts one JVM per (round, build, concurrency), alternating
 * the build before and after commit 895ac63 (one shared keep-alive HttpClient per Vault session).
 * Every recipient is new, so each call is one HMAC request, as for a message to a new number.
 *
 * <p>Modes:
 * <pre>
 *   run LABEL ADDRESS TOKEN_FILE THREADS CALLS WARMUP FIRST_NUMBER BAO_PID
 *       one warm-up round (not counted), then one measured round; prints one "row" line
 *   summary RESULTS_FILE
 *       medians per (build, threads) over the row lines, and after/before ratios
 * </pre>
 *
 * <p>Measured in the measured round only: process CPU (getProcessCpuTime, all threads of this JVM:
 * callers, selector threads, GC, JIT) per call; calls/s; latency around each hmac() call (p50,
 * p99); peak live threads (ThreadMXBean peak, reset after the warm-up); peak count of threads named
 * HttpClient-N-SelectorManager and of all HttpClient-* threads (selectors and the worker threads of
 * each client's default executor; sampled every 200 ms, so a lower bound). For information: the
 * JVM's peak RSS (warm-up included) and the OpenBao server's CPU per call from /proc, since a new
 * TCP connection per request costs the server too.
 */
public class VaultClientBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "run" -> run(args);
            case "summary" -> summary(Path.of(args[1]));
            default -> throw new IllegalArgumentException("mode is run or summary, not " + args[0]);
        }
    }

    static void run(String[] args) throws Exception {
        String label = args[1];
        String address = args[2];
        String token = Files.readString(Path.of(args[3])).strip();
        int threads = Integer.parseInt(args[4]);
        int calls = Integer.parseInt(args[5]);
        int warmup = Integer.parseInt(args[6]);
        long firstNumber = Long.parseLong(args[7]);
        long baoPid = Long.parseLong(args[8]);
        String key = TransitKeys.recipientKey("acme");
        if (firstNumber < 0 || firstNumber + warmup + calls > 100_000_000L) {
            throw new IllegalArgumentException("recipients are +4474 and 8 digits: FIRST_NUMBER + WARMUP + CALLS <= 10^8");
        }

        // The timeouts crypto-service uses by default; the client and its session live for the JVM.
        try (TransitClient transit = new TransitClient(address, token, "transit", Duration.ofSeconds(2),
                Duration.ofSeconds(5))) {
            round(transit, key, threads, warmup, firstNumber, null);
            Result r = round(transit, key, threads, calls, firstNumber + warmup, baoPid);
            System.out.printf(Locale.ROOT,
                    "row build=%s threads=%d calls=%d errors=%d wall_s=%.3f calls_per_s=%.1f cpu_us_per_call=%.1f"
                            + " p50_ms=%.3f p99_ms=%.3f peak_threads=%d peak_selectors=%d peak_httpclient_threads=%d"
                            + " peak_rss_mb=%d bao_cpu_us_per_call=%.1f%n",
                    label, threads, calls, r.errors, r.wallNanos / 1e9, calls / (r.wallNanos / 1e9),
                    r.cpuNanos / 1e3 / calls, r.p50Nanos / 1e6, r.p99Nanos / 1e6, r.peakThreads, r.peakSelectors,
                    r.peakHttpThreads, peakRssMb(), r.baoCpuNanos < 0 ? Double.NaN : r.baoCpuNanos / 1e3 / calls);
        }
    }

    record Result(long wallNanos, long cpuNanos, long p50Nanos, long p99Nanos, int peakThreads, int peakSelectors,
                  int peakHttpThreads, long errors, long baoCpuNanos) {
    }

    static Result round(TransitClient transit, String key, int threads, int calls, long firstNumber, Long baoPid)
            throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // Inputs built before the clock starts: formatting is not what is measured.
        String[] inputs = new String[calls];
        for (int i = 0; i < calls; i++) {
            inputs[i] = String.format(Locale.ROOT, "+4474%08d", firstNumber + i);
        }
        long[] latency = new long[calls];
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    try {
                        transit.hmac(key, inputs[i]);
                    } catch (RuntimeException e) {
                        // Counted and printed in the row: a round with errors is not comparable.
                        errors.incrementAndGet();
                    }
                    latency[i] = System.nanoTime() - s;
                }
            }, "bench-caller-" + t);
            workers.add(w);
            w.start();
        }
        AtomicInteger peakSelectors = new AtomicInteger();
        AtomicInteger peakHttpThreads = new AtomicInteger();
        Runnable sample = () -> {
            int[] n = httpClientThreads(mx);
            peakSelectors.accumulateAndGet(n[0], Math::max);
            peakHttpThreads.accumulateAndGet(n[1], Math::max);
        };
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sample.run();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-sampler");
        sampler.setDaemon(true);

        mx.resetPeakThreadCount();
        long baoBefore = baoPid == null ? -1 : baoCpuNanos(baoPid);
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        sampler.start();
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long wall = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long bao = baoPid == null || baoBefore < 0 ? -1 : baoCpuNanos(baoPid) - baoBefore;
        sample.run();
        sampler.interrupt();
        sampler.join();
        int peakThreads = mx.getPeakThreadCount();

        Arrays.sort(latency);
        return new Result(wall, cpu, percentile(latency, 50), percentile(latency, 99), peakThreads,
                peakSelectors.get(), peakHttpThreads.get(), errors.get(), bao);
    }

    /** {selector threads, all threads of java.net.http clients (selectors and their default executors)}. */
    static int[] httpClientThreads(ThreadMXBean mx) {
        int[] n = new int[2];
        // Depth 0: names only, no stack walk, so sampling stays cheap with thousands of threads.
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds(), 0)) {
            if (info == null || !info.getThreadName().startsWith("HttpClient-")) {
                continue;
            }
            n[1]++;
            if (info.getThreadName().endsWith("-SelectorManager")) {
                n[0]++;
            }
        }
        return n;
    }

    /** Peak resident set of this JVM (VmHWM, Linux), warm-up included; -1 if unreadable. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // Not Linux: the column reads -1.
        }
        return -1;
    }

    /** utime + stime of another process, from /proc (Linux), in nanoseconds; -1 if unreadable. */
    static long baoCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000_000L / Long.getLong("clk.tck", 100);
        } catch (Exception e) {
            return -1;
        }
    }

    static long percentile(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ---- summary ----

    static final List<String> METRICS = List.of("calls_per_s", "cpu_us_per_call", "p50_ms", "p99_ms",
            "peak_threads", "peak_selectors", "peak_httpclient_threads", "peak_rss_mb", "bao_cpu_us_per_call");

    static void summary(Path results) throws Exception {
        // (threads, build) -> metric -> values over rounds
        Map<Integer, Map<String, Map<String, List<Double>>>> by = new TreeMap<>();
        long errors = 0;
        for (String line : Files.readAllLines(results)) {
            int at = line.indexOf("row build=");
            if (at < 0) {
                continue;
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (String field : line.substring(at + 4).strip().split(" ")) {
                int eq = field.indexOf('=');
                kv.put(field.substring(0, eq), field.substring(eq + 1));
            }
            errors += Long.parseLong(kv.get("errors"));
            Map<String, List<Double>> m = by.computeIfAbsent(Integer.parseInt(kv.get("threads")), k -> new TreeMap<>())
                    .computeIfAbsent(kv.get("build"), k -> new LinkedHashMap<>());
            for (String metric : METRICS) {
                m.computeIfAbsent(metric, k -> new ArrayList<>()).add(Double.parseDouble(kv.get(metric)));
            }
        }
        System.out.println("summary: medians over rounds; ratio = after / before");
        System.out.printf(Locale.ROOT, "%-8s %-24s %12s %12s %8s%n", "threads", "metric", "before", "after", "ratio");
        for (var t : by.entrySet()) {
            Map<String, List<Double>> before = t.getValue().get("before");
            Map<String, List<Double>> after = t.getValue().get("after");
            if (before == null || after == null) {
                continue;
            }
            for (String metric : METRICS) {
                double b = median(before.get(metric));
                double a = median(after.get(metric));
                System.out.printf(Locale.ROOT, "%-8d %-24s %12.2f %12.2f %8.3f   (rounds: %d / %d)%n", t.getKey(), metric,
                        b, a, a / b, before.get(metric).size(), after.get(metric).size());
            }
        }
        System.out.println("summary: errors in all rounds: " + errors);
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
