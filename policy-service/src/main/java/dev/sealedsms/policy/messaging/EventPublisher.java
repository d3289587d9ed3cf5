package dev.sealedsms.policy.messaging;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.AuditRecord;
import dev.sealedsms.events.OptOut;
import dev.sealedsms.events.Receipt;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Writes policy decisions to Kafka. Channels: {@value #APPROVED} → {@code sms.approved},
 * {@value #RECEIPTS} → {@code sms.receipts}, {@value #AUDIT} → {@code sms.audit}, and
 * {@value #OPTOUTS} → {@code sms.optouts} (API opt-outs and opt-ins, keyed by
 * {@link OptOut#key()}). Every other record is keyed by message id; every record carries
 * CloudEvents headers (channel config) and is acknowledged by all in-sync replicas before the
 * returned {@link Uni} completes, so the API answers only once the fact is durable.
 */
@ApplicationScoped
public class EventPublisher {

    public static final String APPROVED = "approved-out";
    public static final String RECEIPTS = "receipts-out";
    public static final String AUDIT = "audit-out";
    public static final String OPTOUTS = "optouts-out";

    @Inject
    @Channel(APPROVED)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
    MutinyEmitter<ApprovedMessage> approved;

    @Inject
    @Channel(RECEIPTS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
    MutinyEmitter<Receipt> receipts;

    @Inject
    @Channel(AUDIT)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
    MutinyEmitter<AuditRecord> audit;

    @Inject
    @Channel(OPTOUTS)
    MutinyEmitter<OptOut> optouts;

    /** A consent change, keyed by tenant + recipient token so compaction keeps the latest per recipient. */
    public Uni<Void> optOut(OptOut o) {
        return optouts.sendMessage(keyed(o.key(), o));
    }

    public Uni<Void> audit(AuditRecord a) {
        return audit.sendMessage(keyed(a.messageId(), a));
    }

    public Uni<Void> approved(ApprovedMessage m) {
        return approved.sendMessage(keyed(m.messageId(), m));
    }

    public Uni<Void> receipt(Receipt r) {
        return receipts.sendMessage(keyed(r.messageId(), r));
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
