package dev.sealedsms.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A submission from a Kafka-native producer, on {@link Topics#REQUESTS}: the same fields as
 * {@code POST /v1/messages}, plus who sends it and the producer's own id for it. The producer is
 * authenticated by Kafka (its principal and ACL on this topic); {@code clientId} names the policy
 * client it sends as. Read by policy-service, which applies the same rules as to the API.
 *
 * @param requestId the producer's unique id for this request; the message id is derived from it,
 *                  so a redelivered record yields the same message id
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
        String clientReference) {

    public static final int SCHEMA_VERSION = 1;
    /** CloudEvents {@code ce_type}. */
    public static final String TYPE = "dev.sealedsms.request.v1";

    @Override
    public String toString() {
        return "MessageRequest[requestId=" + requestId + ", clientId=" + clientId + ", from=" + from
                + ", to=<redacted>, body=<redacted>]";
    }
}
