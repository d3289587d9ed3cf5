package dev.sealedsms.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The platform team's checklist, asserted on what the chart renders with the default, production
 * and staging values: probes, limits, PDBs, NetworkPolicies, non-root, least-privilege identities,
 * lag autoscaling capped at partitions, metrics scraping.
 */
class PlatformChecklistTest {


    private static List<JsonNode> render(String values) {
        return KafkaAclTest.render(values);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", Chart.PRODUCTION, Chart.STAGING})
    void everyContainerHasStartupLivenessAndReadinessProbes(String values) {
        for (JsonNode c : containers(render(values))) {
            assertEquals("/q/health/started", c.at("/startupProbe/httpGet/path").asText(), name(c) + " startup");
            assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText(), name(c) + " liveness");
            assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText(), name(c) + " readiness");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", Chart.PRODUCTION, Chart.STAGING})
    void everyContainerHasRequestsAndLimits(String values) {
        for (JsonNode c : containers(render(values))) {
            for (String r : List.of("requests", "limits")) {
                for (String kind : List.of("cpu", "memory")) {
                    assertFalse(c.at("/resources/" + r + "/" + kind).asText().isEmpty(), name(c) + " " + r + "." + kind);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", Chart.PRODUCTION, Chart.STAGING})
    void everyPodRunsNonRootReadOnlyWithoutPrivilegeEscalation(String values) {
        for (JsonNode d : Chart.ofKind(render(values), "Deployment")) {
            JsonNode pod = d.at("/spec/template/spec");
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), Chart.name(d) + " runAsNonRoot");
            assertTrue(pod.at("/securityContext/runAsUser").asInt() > 0, Chart.name(d) + " runAsUser");
            assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText(), Chart.name(d));
            for (JsonNode c : pod.path("containers")) {
                JsonNode sc = c.path("securityContext");
                assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), name(c) + " readOnlyRootFilesystem");
                assertTrue(sc.has("allowPrivilegeEscalation") && !sc.path("allowPrivilegeEscalation").asBoolean(),
                        name(c) + " allowPrivilegeEscalation=false");
                assertEquals("[\"ALL\"]", sc.at("/capabilities/drop").toString(), name(c) + " drops all capabilities");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", Chart.PRODUCTION, Chart.STAGING})
    void everyDeploymentHasAPodDisruptionBudgetAndItsOwnServiceAccount(String values) {
        List<JsonNode> docs = render(values);
        for (JsonNode d : Chart.ofKind(docs, "Deployment")) {
            JsonNode selector = d.at("/spec/selector/matchLabels");
            assertTrue(Chart.ofKind(docs, "PodDisruptionBudget").stream()
                    .anyMatch(p -> p.at("/spec/selector/matchLabels").equals(selector)), Chart.name(d) + " has a PDB");

            String sa = d.at("/spec/template/spec/serviceAccountName").asText();
            assertEquals(Chart.name(d), sa, "each component has its own ServiceAccount (a Vault role binds to it)");
            JsonNode account = Chart.named(docs, "ServiceAccount", sa);
            assertFalse(account.path("automountServiceAccountToken").asBoolean(true), sa + " mounts no API token");
            assertFalse(d.at("/spec/template/spec/automountServiceAccountToken").asBoolean(true), sa);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", Chart.PRODUCTION})
    void consumersScaleOnLagCappedAtTheirTopicsPartitions(String values) {
        List<JsonNode> docs = render(values);
        Map<String, Integer> partitions = new HashMap<>();
        Chart.ofKind(docs, "KafkaTopic").forEach(t -> partitions.put(t.at("/spec/topicName").asText(), t.at("/spec/partitions").asInt()));
        Map<String, String> consumed = Map.of("crypto-service", "sms.approved", "dispatch-service", "sms.sealed");

        Set<String> scaled = new TreeSet<>();
        for (JsonNode so : Chart.ofKind(docs, "ScaledObject")) {
            String service = Chart.component(so);
            scaled.add(service);
            JsonNode trigger = so.at("/spec/triggers/0");
            assertEquals("kafka", trigger.path("type").asText(), service + " scales on Kafka lag");
            assertEquals(consumed.get(service), trigger.at("/metadata/topic").asText(), service + " topic");
            assertEquals(service, trigger.at("/metadata/consumerGroup").asText(), service + " group");
            assertEquals(Chart.name(so), so.at("/spec/scaleTargetRef/name").asText());
            int max = so.at("/spec/maxReplicaCount").asInt();
            assertTrue(max >= 1 && max <= partitions.get(consumed.get(service)),
                    service + ": maxReplicaCount " + max + " must not exceed the partitions of " + consumed.get(service));
            assertTrue(Chart.named(docs, "Deployment", Chart.name(so)).at("/spec/replicas").isMissingNode(),
                    "KEDA owns the replica count of " + service + "; the Deployment must not reset it on upgrade");
            Chart.named(docs, "TriggerAuthentication", trigger.at("/authenticationRef/name").asText());
        }
        assertEquals(new TreeSet<>(consumed.keySet()), scaled, "a ScaledObject per consumer service");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", Chart.PRODUCTION})
    void aServiceMonitorScrapesEveryServiceAtQMetrics(String values) {
        List<JsonNode> docs = render(values);
        List<JsonNode> monitors = Chart.ofKind(docs, "ServiceMonitor");
        assertEquals(1, monitors.size());
        JsonNode endpoint = monitors.get(0).at("/spec/endpoints/0");
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("http", endpoint.path("port").asText());
        JsonNode selector = monitors.get(0).at("/spec/selector/matchLabels");
        for (JsonNode svc : Chart.ofKind(docs, "Service")) {
            selector.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(),
                    svc.at("/metadata/labels").path(e.getKey()).asText(), Chart.name(svc) + " is selected"));
            assertTrue(svc.at("/spec/ports").toString().contains("\"name\":\"http\""), Chart.name(svc) + " names its http port");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", Chart.PRODUCTION, Chart.STAGING})
    void networkPoliciesDenyByDefaultAndOpenOnlyTheArchitectureFlows(String values) {
        List<JsonNode> docs = render(values);
        JsonNode deny = Chart.named(docs, "NetworkPolicy", Chart.RELEASE + "-default-deny");
        assertEquals("[\"Ingress\",\"Egress\"]", deny.at("/spec/policyTypes").toString());
        assertTrue(deny.at("/spec/ingress").isMissingNode() && deny.at("/spec/egress").isMissingNode(), "deny all");
        assertEquals(Chart.RELEASE, deny.at("/spec/podSelector/matchLabels/app.kubernetes.io~1instance").asText());

        boolean simulator = Chart.STAGING.equals(values);
        // component -> egress ports it may open (DNS, Kafka 9093, Vault 8200, SMPP 2775), and
        // ingress ports (its HTTP port; SMPP for the simulator).
        Map<String, Set<String>> egress = Map.of(
                // policy-service HMACs recipients in Vault for the consent check, and POSTs status
                // callbacks to clients' public HTTPS endpoints (issue 8).
                "policy-service", Set.of("53", "9093", "8200", "443"),
                "crypto-service", Set.of("53", "9093", "8200"),
                "dispatch-service", Set.of("53", "9093", "8200", "2775"),
                "carrier-simulator", Set.of("53"));
        Map<String, Set<String>> ingress = Map.of(
                "policy-service", Set.of("http"),
                "crypto-service", Set.of("http"),
                "dispatch-service", Set.of("http"),
                "carrier-simulator", Set.of("http", "smpp"));

        Set<String> covered = new TreeSet<>();
        for (JsonNode np : Chart.ofKind(docs, "NetworkPolicy")) {
            if (np == deny) {
                continue;
            }
            String component = np.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText();
            covered.add(component);
            assertEquals("[\"Ingress\",\"Egress\"]", np.at("/spec/policyTypes").toString(), component);
            Set<String> in = new TreeSet<>();
            for (JsonNode rule : np.at("/spec/ingress")) {
                assertTrue(rule.path("from").size() > 0, component + ": an ingress rule without `from` opens to all");
                assertTrue(rule.path("ports").size() > 0, component + ": an ingress rule without ports");
                rule.path("ports").forEach(p -> in.add(p.path("port").asText()));
            }
            Set<String> out = new TreeSet<>();
            for (JsonNode rule : np.at("/spec/egress")) {
                assertTrue(rule.path("to").size() > 0, component + ": an egress rule without `to` opens to all");
                assertTrue(rule.path("ports").size() > 0, component + ": an egress rule without ports");
                rule.path("ports").forEach(p -> out.add(p.path("port").asText()));
            }
            assertEquals(new TreeSet<>(ingress.get(component)), in, component + " ingress");
            assertEquals(new TreeSet<>(egress.get(component)), out, component + " egress");
        }
        Set<String> components = new TreeSet<>(Set.of("policy-service", "crypto-service", "dispatch-service"));
        if (simulator) {
            components.add("carrier-simulator");
        }
        assertEquals(components, covered, "a NetworkPolicy per component");
    }

    private static List<JsonNode> containers(List<JsonNode> docs) {
        List<JsonNode> out = new ArrayList<>();
        Chart.ofKind(docs, "Deployment").forEach(d -> d.at("/spec/template/spec/containers").forEach(out::add));
        assertFalse(out.isEmpty(), "no containers rendered");
        return out;
    }

    private static String name(JsonNode container) {
        return container.path("name").asText();
    }
}
