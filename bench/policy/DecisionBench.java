import dev.sealedsms.events.Category;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.config.PolicyDocuments;
import dev.sealedsms.policy.rules.Decision;
import dev.sealedsms.policy.rules.PolicyEngine;
import dev.sealedsms.policy.rules.Submission;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Policy decisions per second on one thread (one core), in-process: the real PolicyEngine with a
 * policy that turns on every content rule (deny words and patterns, card/IBAN/email detectors,
 * link allow-list, landlines, deny-list, quiet hours). A fixed mix of requests: plain approvals,
 * Unicode bodies, links, and ones refused by each kind of rule. Run by run.sh.
 */
public class DecisionBench {

    static final int ROUNDS = 5;

    static final String POLICY = """
            schemaVersion: 1
            maxSegments: 10
            tenants:
              acme:
                countries: [GB, US, DE, FR]
                senders: [ACME]
                denyWords: [free money, guaranteed winner, crypto giveaway]
                denyPatterns: ["w[i1]n.{0,10}pr[i1]ze"]
                detectors: [card, iban, email]
                linkDomains: [acme.com, acme.co.uk]
                rejectLandlines: true
                denyNumbers: ["+447400999999"]
                quietHours: "21:00-08:00"
            clients:
              bench:
                tenant: acme
                role: sender
                apiKeySha256: [a22c1f353072965dac347d8a04a1313ec522bff36d9d73213cb5fbec33850d5a]
            """;

    public static void main(String[] args) {
        int decisions = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        PolicyEngine engine = new PolicyEngine(
                PolicyDocuments.parse("bench-policy.yaml", POLICY.getBytes(StandardCharsets.UTF_8)).config());
        Principal p = new Principal("bench", "acme", Set.of("ACME"));
        List<Submission> mix = List.of(
                s(p, "+447400123001", "Your code is 482913. It expires in 10 minutes.", Category.OTP),
                s(p, "+447400123002", "Hi Sam, your parcel arrives tomorrow between 9 and 11. Track it at https://acme.com/t/8841",
                        Category.TRANSACTIONAL),
                s(p, "+447400123003", "Γεια σας! Η παραγγελία σας στάλθηκε. 📦 Ευχαριστούμε.", Category.TRANSACTIONAL),
                s(p, "+447400123004", "Pay with card 4111 1111 1111 1111 now", Category.TRANSACTIONAL),
                s(p, "+447400123005", "Claim your ｆｒｅｅ　ｍｏｎｅｙ today", Category.MARKETING),
                s(p, "+447400123006", "Log in at https://acme-secure.co/login", Category.TRANSACTIONAL),
                s(p, "+442071234567", "Landline test message", Category.TRANSACTIONAL),
                s(p, "+15550100", "not a number", Category.TRANSACTIONAL));
        System.out.printf("policy decision benchmark: %d rounds x %d decisions, single thread, JDK %s, %d CPUs visible%n",
                ROUNDS, decisions, Runtime.version(), Runtime.getRuntime().availableProcessors());
        long approved = 0;
        for (int i = 0; i < 20_000; i++) { // warm-up
            approved += engine.evaluate(mix.get(i % mix.size())).approved() ? 1 : 0;
        }
        double[] rates = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < decisions; i++) {
                Decision d = engine.evaluate(mix.get(i % mix.size()));
                approved += d.approved() ? 1 : 0;
            }
            rates[round] = decisions / ((System.nanoTime() - t0) / 1e9);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        StringBuilder all = new StringBuilder();
        for (double r : rates) {
            all.append(String.format(" %.0f", r));
        }
        System.out.printf("in-process  median %.0f decisions/s/core  (rounds:%s)  [%d approved]%n", sorted[ROUNDS / 2],
                all, approved);
    }

    private static Submission s(Principal p, String to, String body, Category c) {
        return new Submission(p, to, "ACME", body, c, null);
    }
}
