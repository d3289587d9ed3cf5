package dev.sealedsms.policy.api;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.AuditRecord;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.policy.config.ActivePolicy;
import dev.sealedsms.policy.config.LoadedPolicy;
import dev.sealedsms.policy.consent.ConsentUnavailableException;
import dev.sealedsms.policy.consent.ConsentView;
import dev.sealedsms.policy.limits.Admission;
import dev.sealedsms.policy.limits.Limits;
import dev.sealedsms.policy.messaging.EventPublisher;
import dev.sealedsms.policy.metrics.PolicyMetrics;
import dev.sealedsms.policy.rules.Decision;
import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.policy.rules.Submission;
import dev.sealedsms.policy.vertx.BlockingCalls;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Decides one submission and records the decision in Kafka.
 *
 * <p>A message counts as accepted once its {@code sms.approved} record is acknowledged by all
 * in-sync replicas; only then are the ACCEPTED receipt and the audit record written and 202
 * returned. Every decision, approved or rejected, gets one {@code sms.audit} record. If the approved
 * write fails, the client gets 503 and nothing was accepted, so a retry cannot duplicate it.
 *
 * <p>A message the policy approves must then fit the client's daily quota and rate limit
 * ({@link Limits}); if not, it is rejected like any policy refusal, with a 429 reason.
 *
 * <p>The last rule, {@code consent}, needs the recipient token: from memory when this replica has
 * seen the recipient before, else from Vault on a {@link BlockingCalls} thread, after which the
 * decision is recorded back on the caller's Vert.x context (never from the Vault thread: see
 * {@link BlockingCalls}). If consent cannot be checked (Vault unavailable, ledger not loaded) the
 * answer is 503 and nothing is accepted.
 */
@ApplicationScoped
public class SubmissionService {

    private static final Logger LOG = Logger.getLogger(SubmissionService.class);

    private final ActivePolicy policy;
    private final Limits limits;
    private final EventPublisher publisher;
    private final ConsentView consent;
    private final BlockingCalls blocking;

    @Inject
    PolicyMetrics metrics;

    SubmissionService(ActivePolicy policy, EventPublisher publisher, Limits limits, ConsentView consent,
            BlockingCalls blocking) {
        this.policy = policy;
        this.consent = consent;
        this.limits = limits;
        this.publisher = publisher;
        this.blocking = blocking;
    }

    public Uni<Outcome> submit(Submission s) {
        return submit(s, UUID.randomUUID().toString());
    }

    /** Decides {@code s} as message {@code messageId} (callers that must be idempotent derive the id). */
    public Uni<Outcome> submit(Submission s, String messageId) {
        long started = System.nanoTime();
        // Rules, defaults and the recorded version come from one policy, even if a reload swaps it now.
        LoadedPolicy p = policy.current();
        Decision d;
        try {
            d = p.engine().evaluate(s, consent.withoutWaiting());
        } catch (ConsentView.TokenNotCached needsVault) {
            // The recipient token needs a Vault call: decide again off the event loop, record back on it.
            return blocking.call(() -> p.engine().evaluate(s, consent.waiting()))
                    .onItem().transformToUni(decided -> record(s, messageId, p, decided, started))
                    .onFailure(ConsentUnavailableException.class).recoverWithItem(e -> consentUnavailable(s, messageId, e));
        } catch (ConsentUnavailableException e) {
            return Uni.createFrom().item(consentUnavailable(s, messageId, e));
        }
        return record(s, messageId, p, d, started);
    }

    /** Never send without a consent check: nothing is accepted or recorded, and a retry is safe. */
    private static Outcome consentUnavailable(Submission s, String messageId, Throwable e) {
        LOG.errorf("SP0006 message %s tenant %s client %s: not accepted, consent cannot be checked (%s)", messageId,
                s.principal().tenant(), s.principal().clientId(), e.getMessage());
        return Outcome.unavailable();
    }

    /** Applies the limits to decision {@code d} and records it. */
    private Uni<Outcome> record(Submission s, String messageId, LoadedPolicy p, Decision d, long started) {
        Instant now = Instant.now();
        String policyVersion = p.version();
        Admission admission = Admission.ADMITTED;
        if (d.approved()) {
            admission = limits.admit(s.principal().clientId(), messageId);
            d = withLimits(d, admission);
        }
        metrics.decided(d.approved(), System.nanoTime() - started);
        Duration validity = s.validity() != null ? s.validity() : p.config().defaultValidity();
        // A held message's validity runs from the time it may be sent.
        Instant sendFrom = d.notBefore() != null ? d.notBefore() : now;
        ApprovedMessage m = new ApprovedMessage(ApprovedMessage.SCHEMA_VERSION, messageId, s.principal().tenant(),
                s.principal().clientId(), s.from(), d.e164(), d.body(), s.category(), d.country(),
                Math.max(d.segments(), 1), d.encoding(), policyVersion, now, sendFrom.plus(validity), d.notBefore());
        AuditRecord audit = audit(m, d, s, now, policyVersion);
        if (!d.approved()) {
            LOG.infof("SP0002 message %s tenant %s client %s rejected: %s", messageId, m.tenant(), m.clientId(),
                    d.reason());
            metrics.rejected(m.tenant(), d.reason());
            // The client learns of the rejection whether or not the receipt and audit could be written.
            return Uni.combine().all().unis(
                    bestEffort(publisher.receipt(Receipt.of(m, ReceiptStatus.REJECTED, now, d.reason().name())),
                            messageId, "REJECTED receipt"),
                    bestEffort(publisher.audit(audit), messageId, "audit record"))
                    .discardItems()
                    .replaceWith(Outcome.rejected(messageId, d, admission.retryAfter()));
        }
        return publisher.approved(m)
                .onItem().transformToUni(ignored -> Uni.combine().all().unis(
                        bestEffort(publisher.receipt(Receipt.of(m, ReceiptStatus.ACCEPTED, now, null)), messageId,
                                "ACCEPTED receipt"),
                        bestEffort(publisher.audit(audit), messageId, "audit record"))
                        .discardItems())
                .invoke(() -> metrics.accepted(m.tenant()))
                .replaceWith(Outcome.accepted(m, d))
                .onFailure().recoverWithItem(e -> {
                    limits.release(m.clientId(), messageId);
                    LOG.errorf("SP0005 message %s tenant %s: not accepted, sms.approved write failed (%s)", messageId,
                            m.tenant(), e.getClass().getSimpleName());
                    return Outcome.unavailable();
                });
    }

    /** The decision with the limit rules added to those evaluated, refused when a limit was. */
    private static Decision withLimits(Decision d, Admission admission) {
        List<String> evaluated = new ArrayList<>(d.evaluated());
        evaluated.add("daily-quota");
        if (admission.admitted() || admission.refusal().rule().equals("rate-limit")) {
            evaluated.add("rate-limit");
        }
        if (admission.admitted()) {
            return new Decision(null, null, List.copyOf(evaluated), d.country(), d.e164(), d.segments(), d.encoding(),
                    d.body(), d.notBefore(), d.deferredBy(), d.allowances());
        }
        return new Decision(admission.refusal(), admission.detail(), List.copyOf(evaluated), d.country(), d.e164(),
                0, null, null);
    }

    private static AuditRecord audit(ApprovedMessage m, Decision d, Submission s, Instant at, String policyVersion) {
        // A deferral is a rule firing too: quiet-hours moved the send time, the message was approved.
        List<String> fired = !d.approved() ? List.of(d.reason().rule())
                : d.deferredBy() != null ? List.of(d.deferredBy()) : List.of();
        return new AuditRecord(AuditRecord.SCHEMA_VERSION, m.messageId(), m.tenant(), m.clientId(),
                d.approved() ? AuditRecord.APPROVED : AuditRecord.REJECTED, d.approved() ? null : d.reason().name(),
                d.evaluated(), fired, policyVersion, "client:" + s.principal().clientId(), s.category(), at,
                d.approved() && !d.allowances().isEmpty() ? d.allowances() : null);
    }

    /** A write whose failure is logged (without content) and does not change the client's answer. */
    private static Uni<Void> bestEffort(Uni<Void> write, String messageId, String what) {
        return write.onFailure().invoke(e -> LOG.warnf("SP0003 message %s: %s not written (%s)", messageId, what,
                e.getClass().getSimpleName())).onFailure().recoverWithNull();
    }

    /** The HTTP answer to a decided submission. */
    public record Outcome(int status, String messageId, Decision decision, ApprovedMessage message,
            Duration retryAfter) {

        static Outcome accepted(ApprovedMessage m, Decision d) {
            return new Outcome(202, m.messageId(), d, m, null);
        }

        /** The rule that held an accepted message past its requested time, or null. */
        String deferredBy() {
            return decision != null ? decision.deferredBy() : null;
        }

        static Outcome rejected(String messageId, Decision d, Duration retryAfter) {
            return new Outcome(d.reason().status(), messageId, d, null, d.reason().status() == 429 ? retryAfter : null);
        }

        static Outcome unavailable() {
            return new Outcome(503, null, null, null, null);
        }

        BatchResponse.Item toItem(int index, String clientReference) {
            if (status == 202) {
                return new BatchResponse.Item(index, 202, messageId, null, null, message.segments(),
                        message.encoding(), clientReference, message.notBefore(), deferredBy());
            }
            return BatchResponse.Item.of(index, problem());
        }

        private Problem problem() {
            return status == 503 ? Problem.of(Reason.UNAVAILABLE, "nothing was accepted; retry later", null)
                    : Problem.of(decision.reason(), decision.detail(), messageId);
        }

        Response toResponse(String clientReference) {
            if (status == 202) {
                return Response.accepted(new SendResponse(messageId, ReceiptStatus.ACCEPTED, message.segments(),
                        message.encoding(), clientReference, message.notBefore(), deferredBy())).build();
            }
            Response r = problem().toResponse();
            if (retryAfter != null) {
                return Response.fromResponse(r).header("Retry-After", Long.toString(retryAfter.toSeconds())).build();
            }
            return r;
        }
    }
}
