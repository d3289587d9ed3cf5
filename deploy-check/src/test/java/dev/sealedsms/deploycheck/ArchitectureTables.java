package dev.sealedsms.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two tables of ARCHITECTURE.md the deployment must follow, read from the committed copy
 * (src/test/resources/architecture-tables.md): who reads and writes which topic, and the topics.
 */
final class ArchitectureTables {

    static final String SERVICES_HEADING = "## Services";
    static final String TOPICS_HEADING = "## Topics (the wire contract)";

    private static final Pattern TOPIC = Pattern.compile("`(sms\\.[a-z.]+)`");

    /**
     * Reads and writes of one service: the topic names of its cells, and whether its reads cell
     * gives it topics of its own ("its own retry topic"), which are named {@code sms.<service>.*}.
     */
    record Access(Set<String> reads, Set<String> writes, boolean ownTopics) {
    }

    /**
     * Access a service has beyond its row of the brief, each with the reason. The brief (shared,
     * not ours to edit) is the rule; this list is the only way past it, and each entry is asked
     * for in the closing note so that the brief can catch up. Keep it short.
     */
    record Extension(String service, Set<String> reads, Set<String> writes, Set<String> groups, String why) {
    }

    static final List<Extension> EXTENSIONS = List.of(
            new Extension("policy-service", Set.of("sms.audit", "sms.policy.shares"), Set.of(),
                    Set.of("policy-service.shares"),
                    "the daily quota counts today's approvals on sms.audit (read by assignment, no group); the rate"
                            + " limit splits between replicas by their share of sms.policy.shares' partitions"
                            + " (policy-service/DESIGN.md)"),
            new Extension("policy-service", Set.of(), Set.of("sms.optouts"), Set.of(),
                    "issue 3: opt-out and opt-in also work through the API (POST /v1/optouts, /v1/optins), recorded"
                            + " on the consent ledger beside dispatch-service's STOP/START records"
                            + " (policy-service/DESIGN.md)"),
            new Extension("policy-service", Set.of("sms.policy.idempotency"), Set.of("sms.policy.idempotency"),
                    Set.of(),
                    "issue 3: an Idempotency-Key holds across replicas: each claims a key and records its answer on"
                            + " sms.policy.idempotency, read by assignment (no group) by every replica"
                            + " (policy-service/DESIGN.md)"),
            new Extension("dispatch-service", Set.of(), Set.of(), Set.of("dispatch-service.scheduled"),
                    "issue 3: scheduled sends and quiet-hours deferral; sealed messages not yet due wait in its own"
                            + " sms.dispatch.scheduled, whose partitions the replicas share in this second group"
                            + " (dispatch-service/DESIGN.md)"),
            new Extension("policy-service", Set.of("sms.policy.callbacks", "sms.policy.callbacks.retry"),
                    Set.of("sms.policy.callbacks", "sms.policy.callbacks.retry"), Set.of("policy-service.callbacks"),
                    "issue 8: status callbacks. Registrations and delivery health per client on the compacted"
                            + " sms.policy.callbacks (read by assignment, written by PUT/DELETE /v1/callbacks); group"
                            + " policy-service.callbacks delivers sms.receipts and the durable retry queue"
                            + " sms.policy.callbacks.retry (policy-service/DESIGN.md)"),
            new Extension("dispatch-service", Set.of("sms.receipts"), Set.of(), Set.of(),
                    "at start-up, reads the last minutes of receipts (by assignment, no group) so that a receipt"
                            + " resent after a crash is not recorded twice (dispatch-service/DESIGN.md)"));

    /** The extensions of {@code service}. */
    static List<Extension> extensions(String service) {
        return EXTENSIONS.stream().filter(e -> e.service().equals(service)).toList();
    }

    private ArchitectureTables() {
    }

    static String copy() {
        try (var in = ArchitectureTables.class.getResourceAsStream("/architecture-tables.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The brief beside the repository (CI has shared/ next to the clone), if present. */
    static Path sharedBrief() {
        return Chart.root().getParent().resolve("shared/ARCHITECTURE.md");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table rows (lines starting with '|') right after a heading. */
    static List<String> table(String markdown, String heading) {
        List<String> lines = markdown.lines().toList();
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new IllegalStateException("no heading '" + heading + "'");
        }
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(at + 1, lines.size())) {
            if (line.startsWith("|")) {
                rows.add(line.strip());
            } else if (!rows.isEmpty()) {
                break;
            }
        }
        return rows;
    }

    /** service -> reads/writes, from the Services table (columns: service, owns, reads, writes). */
    static Map<String, Access> access() {
        Map<String, Access> access = new LinkedHashMap<>();
        List<String> rows = table(copy(), SERVICES_HEADING);
        // Rows 0 and 1 are the header and its separator.
        for (String row : rows.subList(2, rows.size())) {
            String[] cells = row.substring(1, row.length() - 1).split("\\|", -1);
            access.put(cells[0].strip(), new Access(topics(cells[2]), topics(cells[3]), cells[2].contains("its own")));
        }
        return access;
    }

    /**
     * The service whose private topic this is ({@code sms.dispatch.correlation} belongs to
     * dispatch-service), when that service's row gives it topics of its own; otherwise null.
     */
    static String privateOwner(String topic) {
        for (var e : access().entrySet()) {
            String prefix = "sms." + e.getKey().replaceFirst("-service$", "") + ".";
            if (e.getValue().ownTopics() && topic.startsWith(prefix) && !topic.endsWith(".dlq")) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Every topic named in the first column of the Topics table ({@code *.dlq} is a family, not a topic). */
    static Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        List<String> rows = table(copy(), TOPICS_HEADING);
        for (String row : rows.subList(2, rows.size())) {
            topics.addAll(topics(row.substring(1).split("\\|", -1)[0]));
        }
        return topics;
    }

    private static Set<String> topics(String cell) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = TOPIC.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
