package dev.sealedsms.policy.messaging;

import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.MalformedEventException;
import dev.sealedsms.events.MessageRequest;
import dev.sealedsms.policy.api.ProblemException;
import dev.sealedsms.policy.api.Requests;
import dev.sealedsms.policy.api.SubmissionService;
import dev.sealedsms.policy.auth.ApiKeyAuthenticator;
import dev.sealedsms.policy.auth.Principal;
import dev.sealedsms.policy.rules.Submission;
import dev.sealedsms.policy.templates.TemplateValues;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka ingest: submissions from Kafka-native producers. Channel: {@value #REQUESTS_IN} ←
 * {@code sms.requests}. The same checks and rules as the API; outcomes go to {@code sms.receipts}
 * and {@code sms.audit} (the producer has no HTTP answer to read).
 *
 * <p>A record that is not a valid request (bad JSON, a missing or malformed field, an unknown
 * client, a client whose role may not send) goes to {@code sms.requests.dlq} with the reason. The message id is derived from
 * client id and request id, so a record redelivered after a crash yields the same message id and
 * downstream stages can drop the duplicate.
 */
@ApplicationScoped
public class RequestConsumer {

    public static final String REQUESTS_IN = "requests-in";

    private final ApiKeyAuthenticator clients;
    private final SubmissionService submissions;

    RequestConsumer(ApiKeyAuthenticator clients, SubmissionService submissions) {
        this.clients = clients;
        this.submissions = submissions;
    }

    @Incoming(REQUESTS_IN)
    public Uni<Void> consume(byte[] value) {
        MessageRequest r = EventJson.read(value, MessageRequest.class);
        if (r.schemaVersion() != MessageRequest.SCHEMA_VERSION) {
            // Another major version (or none): not ours to read as v1 (docs/contract.md).
            throw new MalformedEventException("UNSUPPORTED_SCHEMA_VERSION: schemaVersion " + r.schemaVersion()
                    + ", this consumer reads " + MessageRequest.SCHEMA_VERSION);
        }
        if (r.requestId() == null || r.requestId().isBlank() || r.clientId() == null) {
            throw new MalformedEventException("malformed MessageRequest: requestId and clientId are required");
        }
        Principal principal = clients.client(r.clientId()).orElseThrow(
                () -> new MalformedEventException("UNKNOWN_CLIENT: client '" + r.clientId() + "' is not in the policy"));
        if (!principal.maySend()) {
            throw new MalformedEventException("ROLE_NOT_ALLOWED: client '" + r.clientId() + "' has role "
                    + principal.role().wireName() + "; only senders send");
        }
        Submission s;
        try {
            TemplateValues template = r.template() == null ? null
                    : new TemplateValues(r.template().name(), r.template().values());
            s = Requests.submission(principal, r.to(), r.from(), r.body(), template, r.category(),
                    r.validityPeriod(), r.clientReference(), r.sendAt());
        } catch (ProblemException e) {
            throw new MalformedEventException(e.problem().reason() + ": " + e.problem().detail());
        }
        return submissions.submit(s, messageId(r)).map(outcome -> {
            if (outcome.status() == 503) {
                // Not accepted: the record goes to the dead-letter topic to be replayed, never dropped.
                throw new IllegalStateException(
                        "UNAVAILABLE: not accepted (sms.approved write or consent check failed)");
            }
            return null;
        });
    }

    /** The message id of a request: stable across redeliveries of the same record. */
    public static String messageId(MessageRequest r) {
        return UUID.nameUUIDFromBytes((r.clientId() + "\n" + r.requestId()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
