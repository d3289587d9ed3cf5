package dev.sealedsms.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * A submission from a Kafka-native producer, on {@link Topics#REQUESTS}: the same fields as
 * {@code POST /v1/messages}, plus who sends it and the producer's own id for it. The producer is
 * authenticated by Kafka (its principal and ACL on this topic); {@code clientId} names the policy
 * client it sends as. Read by policy-service, which applies the same rules as to the API.
 *
 * @param requestId the producer's unique id for this request; the message id is derived from it,
 *                  so a redelivered record yields the same message id
 * @param template  instead of {@code body}: one of the tenant's templates by name, with a value per
 *                  placeholder (optional; added within schema version 1, older readers ignore it)
 * @param sendAt    send no earlier than this instant, at most 7 days ahead (optional; added within
 *                  schema version 1)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageRequest(
        int schemaVersion,
        String requestId,
        String clientId,
        String to,
        String from,
        String body,
        String category,
        Integer validityPeriod,
        String clientReference,
        Template template,
        java.time.Instant sendAt) {

    public static final int SCHEMA_VERSION = 1;
    /** CloudEvents {@code ce_type}. */
    public static final String TYPE = "dev.sealedsms.request.v1";

    /** A free-text request. */
    public MessageRequest(int schemaVersion, String requestId, String clientId, String to, String from, String body,
            String category, Integer validityPeriod, String clientReference) {
        this(schemaVersion, requestId, clientId, to, from, body, category, validityPeriod, clientReference, null);
    }

    /** A request to send at once. */
    public MessageRequest(int schemaVersion, String requestId, String clientId, String to, String from, String body,
            String category, Integer validityPeriod, String clientReference, Template template) {
        this(schemaVersion, requestId, clientId, to, from, body, category, validityPeriod, clientReference, template,
                null);
    }

    /**
     * A template to render instead of a body.
     *
     * @param name   the template's name in the policy document
     * @param values a value per placeholder name
     */
    public record Template(String name, Map<String, String> values) {

        @Override
        public String toString() {
            return "Template[name=" + name + ", values=<redacted>]";
        }
    }

    @Override
    public String toString() {
        return "MessageRequest[requestId=" + requestId + ", clientId=" + clientId + ", from=" + from
                + ", to=<redacted>, body=<redacted>]";
    }
}
