package dev.sealedsms.dispatch.receipts;

import dev.sealedsms.dispatch.metrics.DispatchMetrics;
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
 * Appends dispatch's lifecycle facts to {@code sms.receipts}. Channel: {@value #RECEIPTS_OUT}.
 * Keyed by message id, acknowledged by all in-sync replicas; each one acknowledged is counted
 * ({@link DispatchMetrics}).
 */
@ApplicationScoped
public class ReceiptPublisher {

    public static final String RECEIPTS_OUT = "receipts-out";

    @Inject
    @Channel(RECEIPTS_OUT)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
    MutinyEmitter<Receipt> receipts;

    @Inject
    DispatchMetrics metrics;

    public Uni<Void> publish(Receipt r) {
        return receipts.sendMessage(Message.of(r)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(r.messageId()).build()))
                .invoke(() -> metrics.recorded(r));
    }
}
