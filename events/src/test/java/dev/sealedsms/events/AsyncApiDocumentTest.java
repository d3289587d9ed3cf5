package dev.sealedsms.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/asyncapi.yaml} describes the topics the code uses: every topic of {@link Topics} is a
 * channel and no channel is a topic the code does not know; every {@code $ref} resolves (to a part
 * of the document, or to a schema file that exists); every event schema is some message's payload,
 * with the record's CloudEvents type. A structural check with no tools; the official AsyncAPI parser
 * validates the same document in module contract-check.
 */
class AsyncApiDocumentTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static Path docs;
    private static JsonNode doc;

    @BeforeAll
    static void read() throws IOException {
        docs = ContractEvent.repositoryRoot().resolve("docs");
        doc = YAML.readTree(docs.resolve("asyncapi.yaml").toFile());
    }

    @Test
    void isAnAsyncApi3Document() {
        assertEquals("3.0.0", doc.path("asyncapi").asText());
        assertEquals("application/json", doc.path("defaultContentType").asText());
    }

    @Test
    void everyTopicOfTheCodeIsAChannelAndNoOtherIs() throws IllegalAccessException {
        Set<String> topics = new TreeSet<>(Topics.ALL);
        topics.addAll(Topics.DEAD_LETTER);
        for (Field f : Topics.class.getFields()) {
            // Every String constant but the suffix is a topic name: a new one needs a channel.
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("DLQ_SUFFIX")) {
                topics.add((String) f.get(null));
            }
        }
        Set<String> addresses = new TreeSet<>();
        doc.path("channels").forEach(c -> addresses.add(c.path("address").asText()));

        assertEquals(topics, addresses, "channels of docs/asyncapi.yaml and topics of dev.sealedsms.events.Topics differ");
    }

    @Test
    void everyRefResolves() throws IOException {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, "", refs);
        List<String> broken = new ArrayList<>();
        for (String entry : refs) {
            String at = entry.substring(0, entry.indexOf(' '));
            String ref = entry.substring(entry.indexOf(' ') + 1);
            if (ref.startsWith("#")) {
                if (doc.at(ref.substring(1)).isMissingNode()) {
                    broken.add(at + " -> " + ref + " (no such part of the document)");
                }
            } else {
                String file = ref.contains("#") ? ref.substring(0, ref.indexOf('#')) : ref;
                Path target = docs.resolve(file).normalize();
                if (!Files.isRegularFile(target)) {
                    broken.add(at + " -> " + ref + " (no file " + target + ")");
                } else if (ref.contains("#")
                        && EventJson.mapper().readTree(target.toFile()).at(ref.substring(ref.indexOf('#') + 1)).isMissingNode()) {
                    broken.add(at + " -> " + ref + " (no such part of " + file + ")");
                }
            }
        }

        assertTrue(refs.size() > 20, "expected the channels, operations and messages to use $ref: " + refs);
        assertTrue(broken.isEmpty(), "broken $ref in docs/asyncapi.yaml:\n" + String.join("\n", broken));
    }

    @Test
    void everyEventSchemaIsAMessagePayloadWithItsRecordsType() {
        Map<String, JsonNode> byPayload = new TreeMap<>();
        doc.path("components").path("messages").forEach(m -> {
            String ref = m.path("payload").path("$ref").asText();
            if (!ref.isEmpty()) {
                byPayload.put(ref.substring(ref.lastIndexOf('/') + 1), m);
            }
        });

        for (ContractEvent type : ContractEvent.values()) {
            if (type.ceType == null) {
                assertTrue(doc.toString().contains("schemas/" + type.fileName()),
                        type.fileName() + " is not referenced by docs/asyncapi.yaml");
                continue;
            }
            JsonNode message = byPayload.get(type.fileName());
            assertTrue(message != null, "no message of docs/asyncapi.yaml has payload " + type.fileName());
            assertEquals(type.ceType, message.path("x-ce-type").asText(), type.fileName() + ": x-ce-type");
            String channel = channelOf(message);
            assertEquals(type.topic, channel, type.fileName() + " is a message of the wrong channel");
        }
    }

    @Test
    void everyChannelBarReservedOnesHasAnOperationAndEveryMessageHeadersOrAReason() {
        Set<String> used = new TreeSet<>();
        doc.path("operations").forEach(o -> used.add(o.path("channel").path("$ref").asText()));
        List<String> unused = new ArrayList<>();
        doc.path("channels").fieldNames().forEachRemaining(name -> {
            boolean reserved = doc.path("channels").path(name).path("x-reserved").asBoolean(false);
            if (!used.contains("#/channels/" + name) && !reserved) {
                unused.add(name);
            }
        });

        assertTrue(unused.isEmpty(), "channels no operation sends to or receives from: " + unused);
        doc.path("components").path("messages").fields().forEachRemaining(m -> assertFalse(
                m.getValue().path("headers").isMissingNode() && m.getValue().path("description").isMissingNode(),
                m.getKey() + " has neither headers nor a description saying why not"));
    }

    /** The address of the channel whose messages include {@code message} (by $ref). */
    private static String channelOf(JsonNode message) {
        for (JsonNode channel : doc.path("channels")) {
            for (JsonNode m : channel.path("messages")) {
                JsonNode target = doc.at(m.path("$ref").asText("#").substring(1));
                if (target == message) {
                    return channel.path("address").asText();
                }
            }
        }
        return null;
    }

    private static void collectRefs(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("$ref")) {
                    out.add((at.isEmpty() ? "/" : at) + " " + f.getValue().asText());
                } else {
                    collectRefs(f.getValue(), at + "/" + f.getKey(), out);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectRefs(node.get(i), at + "/" + i, out);
            }
        }
    }
}
