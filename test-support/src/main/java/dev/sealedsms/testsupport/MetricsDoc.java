package dev.sealedsms.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics table of {@code docs/metrics.md}: which metric each service must serve. Service
 * tests assert that every name documented for them appears in a real scrape; deploy-check asserts
 * that the dashboard uses only documented names. Together: dashboard, document and service agree.
 *
 * <p>A table row reads {@code | `name` | type | labels | services | meaning |}, services
 * comma-separated ({@code policy-service, crypto-service}).
 */
public final class MetricsDoc {

    /** Where the table lives, relative to the repository root. */
    public static final String PATH = "docs/metrics.md";

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|");

    private final Map<String, Set<String>> servicesByMetric;

    private MetricsDoc(Map<String, Set<String>> servicesByMetric) {
        this.servicesByMetric = servicesByMetric;
    }

    public static MetricsDoc load() {
        return parse(read(RepoPaths.root().resolve(PATH)));
    }

    static MetricsDoc parse(String markdown) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String line : markdown.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                Set<String> services = new TreeSet<>();
                for (String s : m.group(4).split(",")) {
                    if (!s.isBlank()) {
                        services.add(s.strip().replace("`", ""));
                    }
                }
                out.put(m.group(1), services);
            }
        }
        return new MetricsDoc(out);
    }

    /** Metric names documented as served by {@code service}, e.g. {@code crypto-service}. */
    public Set<String> namesFor(String service) {
        Set<String> names = new TreeSet<>();
        servicesByMetric.forEach((name, services) -> {
            if (services.contains(service)) {
                names.add(name);
            }
        });
        return names;
    }

    /**
     * Whether a scrape serves {@code name}: a counter or gauge by its own name, a histogram or
     * summary by its {@code _count} series.
     */
    public static boolean served(PrometheusScrape scrape, String name) {
        Set<String> present = scrape.names();
        return present.contains(name) || present.contains(name + "_count");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
