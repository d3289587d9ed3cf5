package dev.sealedsms.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scrape of a service's {@code /q/metrics} (Prometheus text format), read the way a dashboard
 * reads it: series by name and labels. Tests take one before and one after an action and assert
 * how much a series moved.
 */
public final class PrometheusScrape {

    /** One sample line: metric name, its labels, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Sample> samples;

    private PrometheusScrape(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    /** Parses the text exposition format (comments skipped; label values unescaped). */
    /**
     * Scrapes until {@code name} (with {@code labels}) is served or {@code max} passes, and returns
     * the last scrape. For meters that appear on their own schedule after start-up: a Kafka
     * client's metrics once its consumer has joined its group and been assigned partitions.
     */
    public static PrometheusScrape awaitServed(java.util.function.Supplier<PrometheusScrape> scrape,
            java.time.Duration max, String name, String... labels) {
        long deadline = System.nanoTime() + max.toNanos();
        PrometheusScrape s = scrape.get();
        while (!s.has(name, labels) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return s;
            }
            s = scrape.get();
        }
        return s;
    }

    public static PrometheusScrape parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space;
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < line.indexOf(' ')) {
                name = line.substring(0, brace);
                int i = brace + 1;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String key = line.substring(i, eq).strip();
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2; // past ="
                    while (line.charAt(j) != '"') {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char n = line.charAt(++j);
                            value.append(n == 'n' ? '\n' : n);
                        } else {
                            value.append(c);
                        }
                        j++;
                    }
                    labels.put(key, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                space = line.indexOf(' ', i);
            } else {
                space = line.indexOf(' ');
                name = line.substring(0, space);
            }
            String rest = line.substring(space + 1).strip();
            int sp = rest.indexOf(' '); // an optional timestamp follows
            String v = sp < 0 ? rest : rest.substring(0, sp);
            double value = switch (v) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(v);
            };
            out.add(new Sample(name, Map.copyOf(labels), value));
        }
        return new PrometheusScrape(text, List.copyOf(out));
    }

    /** The raw text, for privacy checks over everything the endpoint serves. */
    public String text() {
        return text;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Names of every series present. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /**
     * The sum of the series called {@code name} whose labels include {@code labels} (given as
     * key, value, key, value…); 0 when there is none.
     */
    public double sum(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && matches(s.labels(), labels))
                .mapToDouble(Sample::value).sum();
    }

    /** Whether some series called {@code name} with these labels exists. */
    public boolean has(String name, String... labels) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && matches(s.labels(), labels));
    }

    private static boolean matches(Map<String, String> actual, String... wanted) {
        if (wanted.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in key, value pairs");
        }
        for (int i = 0; i < wanted.length; i += 2) {
            if (!wanted[i + 1].equals(actual.get(wanted[i]))) {
                return false;
            }
        }
        return true;
    }
}
