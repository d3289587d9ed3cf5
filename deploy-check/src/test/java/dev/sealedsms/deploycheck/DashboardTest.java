package dev.sealedsms.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (deploy/helm/sealed-sms/dashboards/sealed-sms-dashboard.json) against
 * docs/metrics.md: it queries only documented metrics and shows every documented {@code sealed_}
 * one. The service tests close the chain: each asserts that the names documented for it are served
 * by a real scrape. The chart ships the dashboard as a ConfigMap for Grafana's sidecar.
 */
class DashboardTest {

    static final String DASHBOARD = "dashboards/sealed-sms-dashboard.json";
    static final String METRICS_DOC = "docs/metrics.md";

    /** A metric name in PromQL: ours, the Kafka client's, the HTTP server's. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:sealed|kafka|http)_[a-z0-9_]+)");
    /** A name in the first column of the table in docs/metrics.md. */
    private static final Pattern DOC_ROW = Pattern.compile("^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|", Pattern.MULTILINE);
    /** Series a histogram serves beside its own name. */
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");

    @Test
    void parsesAndHasAPrometheusDatasourceVariable() throws IOException {
        JsonNode d = dashboard();

        assertTrue(d.path("schemaVersion").asInt() >= 36, "schemaVersion " + d.path("schemaVersion"));
        assertFalse(d.path("uid").asText().isBlank());
        JsonNode variable = null;
        for (JsonNode v : d.at("/templating/list")) {
            if ("datasource".equals(v.path("name").asText())) {
                variable = v;
            }
        }
        assertTrue(variable != null, "a variable named datasource");
        assertEquals("datasource", variable.path("type").asText());
        assertEquals("prometheus", variable.path("query").asText());
    }

    @Test
    void everyPanelHasTheDatasourceAndQueries() throws IOException {
        List<JsonNode> panels = panels(dashboard());

        assertTrue(panels.size() >= 10, panels.size() + " panels");
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode p : panels) {
            String title = p.path("title").asText();
            assertTrue(ids.add(p.path("id").asInt()), "panel id " + p.path("id") + " used twice");
            assertEquals("prometheus", p.at("/datasource/type").asText(), title);
            assertEquals("${datasource}", p.at("/datasource/uid").asText(), title);
            assertTrue(p.path("targets").isArray() && !p.path("targets").isEmpty(), title + " has no targets");
            for (JsonNode t : p.path("targets")) {
                assertFalse(t.path("expr").asText().isBlank(), title + " has an empty query");
                assertEquals("${datasource}", t.at("/datasource/uid").asText(), title);
            }
        }
    }

    @Test
    void panelsFitTheGridWithoutOverlapping() throws IOException {
        java.util.Map<String, String> taken = new java.util.HashMap<>();
        for (JsonNode p : dashboard().path("panels")) {
            JsonNode g = p.path("gridPos");
            int x = g.path("x").asInt();
            int w = g.path("w").asInt();
            assertTrue(w > 0 && g.path("h").asInt() > 0 && x + w <= 24, p.path("title") + " outside the 24 columns");
            for (int col = x; col < x + w; col++) {
                for (int row = g.path("y").asInt(); row < g.path("y").asInt() + g.path("h").asInt(); row++) {
                    String before = taken.put(col + "," + row, p.path("title").asText());
                    assertTrue(before == null, p.path("title") + " overlaps " + before);
                }
            }
        }
    }

    @Test
    void queriesOnlyDocumentedMetricsAndShowsEveryDocumentedSealedMetric() throws IOException {
        Set<String> documented = documented();
        Set<String> queried = queried(dashboard());

        assertEquals(Set.of(), undocumented(queried, documented), "queried but not in " + METRICS_DOC);
        Set<String> unshown = new TreeSet<>();
        for (String name : documented) {
            if (name.startsWith("sealed_") && queried.stream().noneMatch(q -> q.equals(name) || base(q).equals(name))) {
                unshown.add(name);
            }
        }
        assertEquals(Set.of(), unshown, "documented but on no panel");
        assertTrue(queried.contains("sealed_callbacks_total"), "the callback panels use the colleague's metric name");
        assertTrue(queried.contains("kafka_consumer_fetch_manager_records_lag_max"), "consumer lag");
    }

    @Test
    void theDocumentCheckCatchesAnUndocumentedName() {
        Set<String> documented = Set.of("sealed_messages_total", "sealed_seal_seconds");

        assertEquals(Set.of("sealed_made_up_total"), undocumented(
                Set.of("sealed_messages_total", "sealed_seal_seconds_bucket", "sealed_made_up_total"), documented));
        assertEquals(Set.of("sealed_messages_total_bucket"), undocumented(Set.of("sealed_messages_total_bucket"),
                Set.of("sealed_messages")), "a suffix is only stripped to reach a documented name");
    }

    @Test
    void theChartShipsTheSameDashboardForGrafanasSidecarUnlessTurnedOff() throws IOException {
        JsonNode cm = Chart.named(Chart.render(), "ConfigMap", Chart.RELEASE + "-grafana-dashboard");

        assertEquals("1", cm.at("/metadata/labels/grafana_dashboard").asText());
        JsonNode shipped = Chart.JSON.readTree(cm.at("/data/sealed-sms-dashboard.json").asText());
        assertEquals(dashboard(), shipped);
        assertTrue(Chart.ofKind(Chart.render("--set", "metrics.grafanaDashboard.enabled=false"), "ConfigMap").stream()
                .noneMatch(c -> Chart.name(c).endsWith("-grafana-dashboard")));
    }

    // --- helpers ---------------------------------------------------------------------------

    static JsonNode dashboard() throws IOException {
        return Chart.JSON.readTree(Files.readString(Chart.dir().resolve(DASHBOARD)));
    }

    /** Every panel that shows data: rows hold none, and nested rows' panels count too. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if ("row".equals(p.path("type").asText())) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static Set<String> queried(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (JsonNode p : panels(dashboard)) {
            for (JsonNode t : p.path("targets")) {
                Matcher m = METRIC.matcher(t.path("expr").asText());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        for (JsonNode v : dashboard.at("/templating/list")) {
            Matcher m = METRIC.matcher(v.path("definition").asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static Set<String> documented() throws IOException {
        String doc = Files.readString(Chart.root().resolve(METRICS_DOC));
        Set<String> names = new TreeSet<>();
        Matcher m = DOC_ROW.matcher(doc);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertFalse(names.isEmpty(), "no metrics table in " + METRICS_DOC);
        return names;
    }

    static Set<String> undocumented(Set<String> queried, Set<String> documented) {
        Set<String> out = new TreeSet<>();
        for (String q : queried) {
            if (!documented.contains(q) && !documented.contains(base(q))) {
                out.add(q);
            }
        }
        return out;
    }

    /** A histogram's series name without its suffix; the name itself when it has none. */
    private static String base(String series) {
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (series.endsWith(suffix)) {
                return series.substring(0, series.length() - suffix.length());
            }
        }
        return series;
    }
}
