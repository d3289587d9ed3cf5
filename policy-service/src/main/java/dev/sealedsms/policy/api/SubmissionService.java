package dev.sealedsms.policy.api;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.policy.config.PolicyConfig;
import dev.sealedsms.policy.messaging.EventPublisher;
import dev.sealedsms.policy.rules.Decision;
import dev.sealedsms.policy.rules.PolicyEngine;
import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.policy.rules.Submission;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Decides one submission and records the decision in Kafka.
 *
 * <p>A message counts as accepted once its {@code sms.approved} record is acknowledged by all
 * in-sync replicas; only then is the ACCEPTED receipt written and 202 returned. If the approved
 * write fails, the client gets 503 and nothing was accepted, so a retry cannot duplicate it.
 */
@ApplicationScoped
public class SubmissionService {

    private static final Logger LOG = Logger.getLogger(SubmissionService.class);
    static final String POLICY_VERSION = "static-1";

    private final PolicyEngine engine;
    private final EventPublisher publisher;
    private final Duration validity;

    SubmissionService(PolicyEngine engine, EventPublisher publisher, PolicyConfig config) {
        this.engine = engine;
        this.publisher = publisher;
        this.validity = config.defaultValidity();
    }

    public Uni<Outcome> submit(Submission s) {
        String messageId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        Decision d = engine.evaluate(s);
        ApprovedMessage m = new ApprovedMessage(ApprovedMessage.SCHEMA_VERSION, messageId, s.principal().tenant(),
                s.principal().clientId(), s.from(), d.e164(), s.body(), Category.TRANSACTIONAL, d.country(),
                Math.max(d.segments(), 1), d.encoding(), POLICY_VERSION, now, now.plus(validity));
        if (!d.approved()) {
            LOG.infof("SP0002 message %s tenant %s client %s rejected: %s", messageId, m.tenant(), m.clientId(),
                    d.reason());
            Receipt rejected = Receipt.of(m, ReceiptStatus.REJECTED, now, d.reason().name());
            // The client learns of the rejection whether or not the receipt could be written.
            return publisher.receipt(rejected)
                    .onFailure().invoke(e -> LOG.warnf("SP0003 message %s: REJECTED receipt not written (%s)",
                            messageId, e.getClass().getSimpleName()))
                    .onFailure().recoverWithNull()
                    .replaceWith(Outcome.rejected(messageId, d));
        }
        return publisher.approved(m)
                .onItem().transformToUni(ignored -> publisher.receipt(Receipt.of(m, ReceiptStatus.ACCEPTED, now, null))
                        .onFailure().invoke(e -> LOG.warnf("SP0004 message %s: ACCEPTED receipt not written (%s)",
                                messageId, e.getClass().getSimpleName()))
                        .onFailure().recoverWithNull())
                .replaceWith(Outcome.accepted(m))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf("SP0005 message %s tenant %s: not accepted, sms.approved write failed (%s)", messageId,
                            m.tenant(), e.getClass().getSimpleName());
                    return Outcome.unavailable();
                });
    }

    /** The HTTP answer to a decided submission. */
    public record Outcome(int status, String messageId, Decision decision, ApprovedMessage message) {

        static Outcome accepted(ApprovedMessage m) {
            return new Outcome(202, m.messageId(), null, m);
        }

        static Outcome rejected(String messageId, Decision d) {
            return new Outcome(d.reason().status(), messageId, d, null);
        }

        static Outcome unavailable() {
            return new Outcome(503, null, null, null);
        }

        Response toResponse(String clientReference) {
            if (status == 202) {
                return Response.accepted(new SendResponse(messageId, ReceiptStatus.ACCEPTED, message.segments(),
                        message.encoding(), clientReference)).build();
            }
            if (status == 503) {
                return Problem.of(Reason.UNAVAILABLE, "nothing was accepted; retry later", null).toResponse();
            }
            return Problem.of(decision.reason(), decision.detail(), messageId).toResponse();
        }
    }
}
