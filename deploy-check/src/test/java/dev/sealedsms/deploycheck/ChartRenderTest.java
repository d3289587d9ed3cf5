package dev.sealedsms.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** helm lint, helm template with each values file, offline schema validation, and bad input refused. */
class ChartRenderTest {

    @ParameterizedTest(name = "helm lint --strict {0}")
    @ValueSource(strings = {"values.yaml", Chart.PRODUCTION, Chart.STAGING})
    void lintPasses(String valuesFile) {
        Tools.Run run = Tools.run(List.of(Tools.helm().toString(), "lint", "--strict", Chart.dir().toString(),
                "--kube-version", Tools.RENDER_KUBE_VERSION, "-f", Chart.dir().resolve(valuesFile).toString()));

        assertTrue(run.ok(), () -> "helm lint failed:\n" + run.output());
    }

    @Test
    void defaultValuesRenderValidManifests() {
        assertValid(Chart.render());
    }

    @Test
    void productionValuesRenderValidManifests() {
        assertValid(Chart.render("-f", Chart.PRODUCTION));
    }

    @Test
    void stagingValuesWithTheCarrierSimulatorRenderValidManifests() {
        List<JsonNode> docs = Chart.render("-f", Chart.STAGING);

        assertValid(docs);
        Chart.named(docs, "Deployment", "sealed-carrier-simulator");
    }

    @Test
    void vaultKubernetesAuthRendersValidManifests() {
        List<JsonNode> docs = Chart.render("--set", "vault.authMethod=kubernetes");

        assertValid(docs);
        JsonNode crypto = Chart.named(docs, "Deployment", "sealed-crypto-service");
        assertTrue(crypto.toString().contains("\"audience\":\"vault\""), "projected ServiceAccount token for Vault");
        assertFalse(crypto.toString().contains("SEALED_VAULT_TOKEN"), "no static token with Kubernetes auth");
        String config = Chart.named(docs, "ConfigMap", "sealed-crypto-service-config").at("/data/application.properties").asText();
        assertTrue(config.contains("sealed.vault.auth=kubernetes") && config.contains("sealed.vault.kubernetes.role=sealed-crypto-service"),
                config);
        // policy-service logs in too (consent check: recipient HMACs), with its own role.
        JsonNode policy = Chart.named(docs, "Deployment", "sealed-policy-service");
        assertTrue(policy.toString().contains("\"audience\":\"vault\""), "policy-service: projected token for Vault");
        String policyConfig = Chart.named(docs, "ConfigMap", "sealed-policy-service-config").at("/data/application.properties")
                .asText();
        assertTrue(policyConfig.contains("sealed.vault.kubernetes.role=sealed-policy-service"), policyConfig);
    }

    @Test
    void schedulingValuesRenderValidManifests() {
        List<JsonNode> docs = Chart.render("--set", "pods.priorityClassName=sms-high", "--set", "pods.nodeSelector.pool=sms",
                "--set", "pods.tolerations[0].key=dedicated", "--set", "pods.tolerations[0].operator=Exists",
                "--set", "pods.annotations.team=messaging");

        assertValid(docs);
        JsonNode pod = Chart.named(docs, "Deployment", "sealed-dispatch-service").at("/spec/template/spec");
        assertEquals("sms-high", pod.path("priorityClassName").asText());
        assertEquals("sms", pod.at("/nodeSelector/pool").asText());
    }

    @Test
    void defaultValuesRenderEveryExpectedKind() {
        Set<String> kinds = new TreeSet<>();
        Chart.render().forEach(d -> kinds.add(d.path("kind").asText()));

        assertEquals(new TreeSet<>(Set.of("ConfigMap", "Deployment", "KafkaTopic", "KafkaUser", "NetworkPolicy",
                "PodDisruptionBudget", "ScaledObject", "Service", "ServiceAccount", "ServiceMonitor",
                "TriggerAuthentication")), kinds);
    }

    @Test
    void schemaRejectsNegativeReplicas() {
        Tools.Run run = Chart.template(List.of("--set", "policy.replicas=-1"));

        assertFalse(run.ok(), "helm must refuse policy.replicas=-1");
        assertTrue(run.output().contains("/policy/replicas"), () -> "the schema names the bad value:\n" + run.output());
    }

    @Test
    void schemaRejectsAWrongType() {
        Tools.Run run = Chart.template(List.of("--set-string", "crypto.autoscaling.maxReplicas=six"));

        assertFalse(run.ok(), "helm must refuse a string where an integer belongs");
        assertTrue(run.output().contains("/crypto/autoscaling/maxReplicas"), run::output);
    }

    @Test
    void schemaRejectsAnUnknownKey() {
        Tools.Run run = Chart.template(List.of("--set", "dispatch.replicaz=3"));

        assertFalse(run.ok(), "a misspelt key must not be ignored silently");
        assertTrue(run.output().contains("replicaz"), run::output);
    }

    @Test
    void chartRefusesMoreConsumersThanPartitions() {
        Tools.Run run = Chart.template(List.of("--set", "dispatch.autoscaling.maxReplicas=7"));

        assertFalse(run.ok(), "7 dispatch consumers for 6 partitions of sms.sealed");
        assertTrue(run.output().contains("exceeds the partitions of sms.sealed"), run::output);
    }

    @Test
    void validatorRejectsABrokenDeployment() {
        ObjectNode deployment = Chart.copy(Chart.named(Chart.render(), "Deployment", "sealed-policy-service"));
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));

        List<String> problems = ManifestValidator.problems(List.of(deployment));

        assertFalse(problems.isEmpty(), "a misspelt field must fail validation");
        assertTrue(problems.toString().contains("readinesProbe"), problems::toString);
    }

    @Test
    void validatorRejectsABrokenKafkaUser() {
        ObjectNode user = Chart.copy(Chart.named(Chart.render(), "KafkaUser", "sealed-crypto-service"));
        ((ObjectNode) user.at("/spec/authorization/acls/0")).putArray("operations").add("ReadEverything");

        List<String> problems = ManifestValidator.problems(List.of(user));

        assertFalse(problems.isEmpty(), "an unknown ACL operation must fail the CRD schema");
    }

    @Test
    void validatorRejectsAKindWithoutSchema() {
        ObjectNode unknown = Chart.JSON.createObjectNode();
        unknown.put("apiVersion", "example.com/v1").put("kind", "Gadget").putObject("metadata").put("name", "x");

        assertFalse(ManifestValidator.problems(List.of(unknown)).isEmpty(), "no schema must mean not valid");
    }

    private static void assertValid(List<JsonNode> docs) {
        assertFalse(docs.isEmpty(), "nothing rendered");
        List<String> problems = new ArrayList<>(ManifestValidator.problems(docs));

        assertTrue(problems.isEmpty(), () -> "invalid manifests:\n" + String.join("\n", problems));
    }
}
