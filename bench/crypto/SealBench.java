import dev.sealedsms.crypto.sealing.DataKeyCache;
import dev.sealedsms.crypto.sealing.RecipientTokens;
import dev.sealedsms.crypto.sealing.Sealer;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.TextEncoding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Seal throughput on one thread (one core) and Vault requests per 10,000 messages, for
 * crypto-service's real sealing classes against a real OpenBao, and in the same run a naive
 * baseline that makes one Transit call (a fresh data key) per message. Run by run.sh.
 *
 * Scenarios:
 *   repeat      — 1,000 distinct recipients (repeat customers), token cache warm (steady state)
 *   distinct    — every recipient new: one HMAC per message, as single calls
 *   distinct-b  — every recipient new, HMACs fetched with Transit batch_input, 200 per request
 *   naive       — a new data key per message (N = 1) and 1,000 recipients
 */
public class SealBench {

    static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        String address = args[0];
        String token = Files.readString(Path.of(args[1])).strip();
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int naiveMessages = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        TransitClient transit = new TransitClient(address, token, "transit", Duration.ofSeconds(2), Duration.ofSeconds(10));

        System.out.printf("seal benchmark: %d rounds, single thread, %s, JDK %s, %d CPUs visible%n", ROUNDS,
                address, Runtime.version(), Runtime.getRuntime().availableProcessors());
        run("repeat", transit, messages, 100_000, 1_000, false);
        run("distinct", transit, messages / 4, 100_000, Integer.MAX_VALUE, false);
        run("distinct-b", transit, messages / 4, 100_000, Integer.MAX_VALUE, true);
        run("naive", transit, naiveMessages, 1, 1_000, false);
    }

    static long numberSeq = 0;

    static void run(String name, TransitClient transit, int messages, long maxPerKey, int recipients, boolean batch) {
        double[] rates = new double[ROUNDS];
        double[] per10k = new double[ROUNDS];
        warm(transit, maxPerKey, recipients, batch, Math.min(messages, 2_000));
        // The token cache lives as long as the service: warm across rounds, as at steady state.
        RecipientTokens tokens = new RecipientTokens(transit, 100_000);
        for (int round = 0; round < ROUNDS; round++) {
            // A fresh data-key cache per round: every round pays at least one datakey request.
            DataKeyCache keys = new DataKeyCache(transit, maxPerKey, Duration.ofMinutes(10), Clock.systemUTC());
            Sealer sealer = new Sealer(keys, tokens);
            List<ApprovedMessage> input = new ArrayList<>(messages);
            for (int i = 0; i < messages; i++) {
                input.add(approved(recipients == Integer.MAX_VALUE
                        ? String.format("+4475%09d", numberSeq++)
                        : String.format("+4474%09d", i % recipients), i));
            }
            List<ApprovedMessage> batchOf = new ArrayList<>(TransitClient.BATCH_LIMIT);
            long requestsBefore = transit.requests();
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                ApprovedMessage m = input.get(i);
                if (batch) {
                    batchOf.add(m);
                    if (batchOf.size() == TransitClient.BATCH_LIMIT || i == messages - 1) {
                        tokens.tokens("acme", batchOf.stream().map(ApprovedMessage::recipient).toList());
                        batchOf.forEach(sealer::seal);
                        batchOf.clear();
                    }
                } else {
                    sealer.seal(m);
                }
            }
            long nanos = System.nanoTime() - start;
            rates[round] = messages / (nanos / 1e9);
            per10k[round] = (transit.requests() - requestsBefore) * 10_000.0 / messages;
            keys.retireAll();
        }
        System.out.printf("%-11s %7d msgs/round  median %9.0f seals/s/core  (rounds: %s)  Vault requests per 10,000: median %.1f%n",
                name, messages, median(rates), fmt(rates), median(per10k));
    }

    static void warm(TransitClient transit, long maxPerKey, int recipients, boolean batch, int n) {
        DataKeyCache keys = new DataKeyCache(transit, maxPerKey, Duration.ofMinutes(10), Clock.systemUTC());
        Sealer sealer = new Sealer(keys, new RecipientTokens(transit, 100_000));
        for (int i = 0; i < n; i++) {
            sealer.seal(approved(String.format("+4473%09d", i % Math.min(recipients, 1_000)), i));
        }
        keys.retireAll();
    }

    static ApprovedMessage approved(String number, int i) {
        Instant now = Instant.now();
        return new ApprovedMessage(1, UUID.randomUUID().toString(), "acme", "web", "ACME", number,
                "Your verification code is " + (100000 + i % 900000) + ". It expires in 10 minutes.",
                Category.TRANSACTIONAL, "GB", 1, TextEncoding.GSM7, "p1", now, now.plusSeconds(600));
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static String fmt(double[] xs) {
        StringBuilder b = new StringBuilder();
        for (double x : xs) {
            b.append(b.length() == 0 ? "" : " ").append(String.format("%.0f", x));
        }
        return b.toString();
    }
}
