package dev.sealedsms.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sealedsms.events.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered KafkaUser ACLs equal the topic table of ARCHITECTURE.md: each service reads exactly
 * the topics of its "reads" cell (plus its own consumer group) and writes exactly those of its
 * "writes" cell plus the dead-letter topic of each topic it consumes (events module
 * {@link Topics#DEAD_LETTER}), and a service whose row gives it "its own" topic reads and writes its
 * {@code sms.<service>.*} topics. Nothing else: no other resource type, operation, prefix or wildcard.
 */
class KafkaAclTest {

    private static final Set<String> KAFKA_SERVICES = Set.of("policy-service", "crypto-service", "dispatch-service");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", Chart.PRODUCTION})
    void kafkaUserAclsEqualTheArchitectureTopicTable(String values) {
        List<JsonNode> docs = render(values);
        Map<String, ArchitectureTables.Access> table = ArchitectureTables.access();
        Set<String> users = new TreeSet<>();
        Set<String> chartTopics = new TreeSet<>();
        Chart.ofKind(docs, "KafkaTopic").forEach(t -> chartTopics.add(t.at("/spec/topicName").asText()));

        for (JsonNode user : Chart.ofKind(docs, "KafkaUser")) {
            String service = Chart.component(user);
            users.add(service);
            assertEquals("tls", user.at("/spec/authentication/type").asText(), service + " authenticates with mTLS");
            assertEquals("simple", user.at("/spec/authorization/type").asText(), service + " has ACLs");
            Granted granted = granted(service, user.at("/spec/authorization/acls"));

            ArchitectureTables.Access expected = table.get(service);
            assertTrue(expected != null, "KafkaUser for a service ARCHITECTURE.md does not list: " + service);
            Set<String> expectedReads = new TreeSet<>(expected.reads());
            Set<String> expectedWrites = new TreeSet<>(expected.writes());
            for (String read : expected.reads()) {
                if (Topics.DEAD_LETTER.contains(Topics.dlq(read))) {
                    expectedWrites.add(Topics.dlq(read));
                }
            }
            // Its own topics (sms.<service>.*), when its row says it has some: read and written by it alone.
            for (String topic : chartTopics) {
                if (service.equals(ArchitectureTables.privateOwner(topic))) {
                    expectedReads.add(topic);
                    expectedWrites.add(topic);
                }
            }
            Set<String> expectedGroups = new TreeSet<>(Set.of(service));
            for (ArchitectureTables.Extension x : ArchitectureTables.extensions(service)) {
                expectedReads.addAll(x.reads());
                expectedWrites.addAll(x.writes());
                expectedGroups.addAll(x.groups());
            }
            assertEquals(expectedReads, granted.reads, service + " reads");
            assertEquals(expectedWrites, granted.writes, service + " writes");
            assertEquals(expectedGroups, granted.groups, service + " consumes only in its own groups");
        }
        assertEquals(new TreeSet<>(KAFKA_SERVICES), users, "one KafkaUser per Kafka-using service");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", Chart.PRODUCTION})
    void everyKafkaTopicIsReplicatedAndRetainedAsSpecified(String values) {
        List<JsonNode> docs = render(values);
        Map<String, JsonNode> topics = new TreeMap<>();
        Chart.ofKind(docs, "KafkaTopic").forEach(t -> topics.put(t.at("/spec/topicName").asText(), t));

        Set<String> contract = contractTopics();
        assertTrue(topics.keySet().containsAll(contract), "a KafkaTopic for every topic of the events module: " + contract);
        assertTrue(topics.keySet().containsAll(ArchitectureTables.topics()), "every topic of ARCHITECTURE.md");
        for (String extra : topics.keySet()) {
            assertTrue(contract.contains(extra) || ArchitectureTables.privateOwner(extra) != null,
                    extra + " is neither in the events module nor a service's own topic");
        }

        topics.forEach((name, t) -> {
            assertEquals(3, t.at("/spec/replicas").asInt(), name + " replicas");
            assertEquals("2", t.at("/spec/config/min.insync.replicas").asText(), name + " min.insync.replicas");
            assertTrue(t.at("/spec/partitions").asInt() >= 1, name + " partitions");
            assertEquals("keep", t.at("/metadata/annotations/helm.sh~1resource-policy").asText(),
                    name + " survives helm uninstall");
        });
        long day = 86_400_000L;
        assertEquals("compact", topics.get(Topics.OPTOUTS).at("/spec/config/cleanup.policy").asText(), "consent ledger");
        assertTrue(retention(topics.get(Topics.REQUESTS)) <= day, "sms.requests: short (hours)");
        assertTrue(retention(topics.get(Topics.APPROVED)) <= day, "sms.approved: the plaintext hop, a day at most");
        assertTrue(retention(topics.get(Topics.dlq(Topics.APPROVED))) <= day, "sms.approved.dlq holds plaintext too");
        assertTrue(retention(topics.get(Topics.RECEIPTS)) >= 90 * day, "sms.receipts: 90 days");
        assertTrue(retention(topics.get(Topics.AUDIT)) >= 90 * day, "sms.audit: long");
    }

    /** Every topic name the events module declares (its sms.* constants) and the dead-letter topics. */
    static Set<String> contractTopics() {
        Set<String> names = new TreeSet<>(Topics.ALL);
        names.addAll(Topics.DEAD_LETTER);
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    String value = (String) f.get(null);
                    if (value.startsWith("sms.")) {
                        names.add(value);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    private static long retention(JsonNode topic) {
        return Long.parseLong(topic.at("/spec/config/retention.ms").asText());
    }

    static List<JsonNode> render(String values) {
        return "default".equals(values) ? Chart.render() : Chart.render("-f", values);
    }

    private record Granted(Set<String> reads, Set<String> writes, Set<String> groups) {
    }

    private static Granted granted(String service, JsonNode acls) {
        Granted g = new Granted(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        Set<String> described = new TreeSet<>();
        for (JsonNode acl : acls) {
            JsonNode resource = acl.path("resource");
            String type = resource.path("type").asText();
            String name = resource.path("name").asText();
            assertEquals("literal", resource.path("patternType").asText("literal"), service + ": " + acl);
            assertTrue(acl.path("host").asText("*").equals("*"), service + ": " + acl);
            assertTrue(acl.path("type").asText("allow").equals("allow"), service + ": " + acl);
            assertTrue(!name.contains("*"), service + " has a wildcard: " + acl);
            assertTrue(acl.path("operation").isMissingNode(), service + ": use `operations`: " + acl);
            for (JsonNode op : acl.path("operations")) {
                String operation = op.asText();
                switch (type + ":" + operation) {
                    case "topic:Read" -> g.reads.add(name);
                    case "topic:Write" -> g.writes.add(name);
                    case "topic:Describe" -> described.add(name);
                    case "group:Read" -> g.groups.add(name);
                    default -> fail(service + " is granted " + operation + " on " + type + " " + name
                            + ", which ARCHITECTURE.md does not give it");
                }
            }
        }
        Set<String> used = new TreeSet<>(g.reads);
        used.addAll(g.writes);
        assertTrue(used.containsAll(described), service + " describes only topics it reads or writes: " + described);
        return g;
    }
}
