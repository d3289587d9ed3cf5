package dev.sealedsms.policy.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.JacksonYAMLParseException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads and checks a policy document. Every error names the file, the line and the field, and
 * quotes no value from the document that it does not need to (Jackson's and SnakeYAML's own
 * messages quote the input, which holds key hashes and deny-listed numbers).
 *
 * <p>Two passes: a token pass records the line of every field, then Jackson binds the document to
 * {@link PolicyConfig}. A structural error (bad YAML, unknown key, wrong type) stops at the first;
 * the semantic checks of {@link PolicyConfigValidator} then report all problems, each at the line of
 * its field (or of the nearest enclosing one that is present).
 */
public final class PolicyDocuments {

    /** The largest document accepted: far above any real policy, well below a memory problem. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ObjectMapper MAPPER = YAMLMapper.builder(YAML)
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .build();

    private PolicyDocuments() {
    }

    /** A policy that passed every check, and its version (the hash of the document's bytes). */
    public record Parsed(PolicyConfig config, String version) {
    }

    /** Reads {@code file}; any problem, including an unreadable file, is an {@link InvalidPolicyException}. */
    public static Parsed read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidPolicyException(file.toString(),
                        List.of(new InvalidPolicyException.Problem(0, 0, "<document>",
                                "larger than " + MAX_BYTES + " bytes")));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidPolicyException(file.toString(), List.of(new InvalidPolicyException.Problem(0, 0,
                    "<document>", "cannot be read (" + e.getClass().getSimpleName() + ")")));
        }
        return parse(file.toString(), bytes);
    }

    /** Parses and checks {@code document}, naming it {@code file} in errors. */
    public static Parsed parse(String file, byte[] document) {
        Map<String, JsonLocation> lines = Map.of();
        PolicyConfig config;
        try {
            lines = locations(document);
            config = MAPPER.readValue(document, PolicyConfig.class);
        } catch (IOException e) {
            throw new InvalidPolicyException(file, List.of(structural(e, lines)));
        }
        if (config == null) {
            throw new InvalidPolicyException(file,
                    List.of(new InvalidPolicyException.Problem(1, 1, "<document>", "is empty")));
        }
        List<InvalidPolicyException.Problem> problems = new ArrayList<>();
        for (PolicyConfigValidator.Finding f : PolicyConfigValidator.validate(config)) {
            JsonLocation at = nearest(lines, f.path());
            problems.add(new InvalidPolicyException.Problem(at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), f.field(), f.message()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(file, problems);
        }
        return new Parsed(config, PolicyVersion.of(document));
    }

    /** The location of every field and list entry, by JSON pointer. */
    private static Map<String, JsonLocation> locations(byte[] document) throws IOException {
        Map<String, JsonLocation> at = new HashMap<>();
        try (JsonParser p = YAML.createParser(document)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                // For a field name, and for a value in a list, the context's pointer is that item's path.
                if (t == JsonToken.FIELD_NAME || p.getParsingContext().inArray()) {
                    at.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), p.currentTokenLocation());
                }
            }
        }
        return at;
    }

    private static JsonLocation nearest(Map<String, JsonLocation> lines, List<Object> path) {
        for (int n = path.size(); n > 0; n--) {
            StringBuilder pointer = new StringBuilder();
            for (Object segment : path.subList(0, n)) {
                pointer.append('/').append(segment.toString().replace("~", "~0").replace("/", "~1"));
            }
            JsonLocation at = lines.get(pointer.toString());
            if (at != null) {
                return at;
            }
        }
        return null;
    }

    /** A parse or binding error, described without the text it is about. */
    private static InvalidPolicyException.Problem structural(IOException e, Map<String, JsonLocation> lines) {
        JsonLocation at = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            // Jackson reports where it stopped reading (after the value); the field's own line is clearer.
            List<Object> path = new ArrayList<>();
            for (var ref : jme.getPath()) {
                path.add(ref.getFieldName() != null ? ref.getFieldName() : (Object) ref.getIndex());
            }
            JsonLocation field = nearest(lines, path);
            at = field != null ? field : at;
        }
        int line = at == null ? 0 : at.getLineNr();
        int column = at == null ? 0 : at.getColumnNr();
        String field = e instanceof JsonMappingException jme ? path(jme) : "<document>";
        String what;
        if (e instanceof UnrecognizedPropertyException u) {
            what = "unknown field '" + u.getPropertyName() + "'" + known(u.getKnownPropertyIds());
            field = field.endsWith(u.getPropertyName()) ? field : field + "." + u.getPropertyName();
        } else if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            what = "must be one of " + Arrays.stream(f.getTargetType().getEnumConstants())
                    .map(c -> c.toString().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        } else if (e instanceof InvalidFormatException f && f.getTargetType() == java.time.Duration.class) {
            what = "must be an ISO-8601 duration such as PT48H";
        } else if (e instanceof MismatchedInputException m) {
            what = "expected " + expected(m.getTargetType());
        } else if (e instanceof JsonMappingException) {
            what = "has an invalid value";
        } else if (e instanceof JacksonYAMLParseException y && y.getCause() instanceof MarkedYAMLException m) {
            // getProblem() is the bare reason ("mapping values are not allowed here"); the full message quotes the line.
            what = "is not valid YAML: " + m.getProblem();
            if (m.getProblemMark() != null) {
                line = m.getProblemMark().getLine() + 1;
                column = m.getProblemMark().getColumn() + 1;
            }
        } else if (e instanceof JsonProcessingException jpe && jpe.getOriginalMessage() != null
                && jpe.getOriginalMessage().startsWith("Duplicate field")) {
            what = "declares a key twice";
            field = "<document>";
        } else {
            what = "is not a valid YAML policy document (" + e.getClass().getSimpleName() + ")";
        }
        return new InvalidPolicyException.Problem(line, column, field, what);
    }

    private static String known(Collection<Object> fields) {
        return fields == null || fields.isEmpty() ? ""
                : " (expected one of " + fields.stream().map(Object::toString).sorted()
                        .collect(Collectors.joining(", ")) + ")";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type of value";
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping (key: value)";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a " + type.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "<document>" : sb.toString();
    }
}
