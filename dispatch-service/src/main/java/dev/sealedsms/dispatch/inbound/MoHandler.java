package dev.sealedsms.dispatch.inbound;

import dev.sealedsms.codec.Gsm7;
import dev.sealedsms.dispatch.smpp.CarrierSession;
import dev.sealedsms.dispatch.smpp.SmppStatus;
import dev.sealedsms.envelope.TransitClient;
import dev.sealedsms.envelope.TransitKeys;
import dev.sealedsms.events.Consent;
import dev.sealedsms.events.OptOut;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;

/**
 * Mobile-originated messages. Channel: {@value #OPTOUTS_OUT} → {@code sms.optouts} (key = tenant +
 * recipient token). STOP and its synonyms write OPTED_OUT, START / UNSTOP write OPTED_IN, HELP gets
 * the configured reply. The deliver_sm is answered only once the consent record is durable, so a
 * STOP is never lost: if Vault (the recipient token) or Kafka fail, the carrier is asked to resend.
 *
 * <p>Other MO should be sealed to {@code sms.inbound}; that needs a data key, which dispatch's Vault
 * policy does not grant (decrypt and hmac only), so they are counted and logged without content.
 */
@ApplicationScoped
public class MoHandler {

    public static final String OPTOUTS_OUT = "optouts-out";
    private static final Logger LOG = Logger.getLogger(MoHandler.class);

    @Inject
    @Channel(OPTOUTS_OUT)
    MutinyEmitter<OptOut> optouts;

    private final TransitClient transit;
    private final MoConfig config;
    private final CarrierSession carriers;
    private final AtomicLong unsealed = new AtomicLong();

    MoHandler(TransitClient transit, MoConfig config, CarrierSession carriers) {
        this.transit = transit;
        this.config = config;
        this.carriers = carriers;
    }

    /** MO that could not be stored (no data key capability); for tests and metrics. */
    public long unsealedCount() {
        return unsealed.get();
    }

    public void accept(String carrier, DeliverSm d) throws ProcessRequestException {
        String to = d.getDestAddress() == null ? "" : d.getDestAddress().replace("+", "");
        Optional<String> tenant = Optional.ofNullable(config.tenants().get(to)).or(config::defaultTenant);
        if (tenant.isEmpty()) {
            LOG.warnf("SD0501 MO from %s to an address of no tenant dropped", carrier);
            return;
        }
        String text = text(d);
        Optional<Keyword> keyword = Keyword.of(text);
        if (keyword.isEmpty()) {
            unsealed.incrementAndGet();
            LOG.warnf("SD0502 MO for tenant %s via %s not stored: sealing to sms.inbound needs a data key", tenant.get(),
                    carrier);
            return;
        }
        String from = d.getSourceAddr() == null ? "" : d.getSourceAddr().replace("+", "");
        if (keyword.get().action == Keyword.Action.HELP) {
            carriers.reply(carrier, to, from, config.helpText()).whenComplete((r, e) -> LOG.infof(
                    "SD0503 HELP from a recipient of tenant %s via %s: reply %s", tenant.get(), carrier,
                    e == null ? "sent" : "failed (" + e.getClass().getSimpleName() + ")"));
            return;
        }
        try {
            String token = transit.hmac(TransitKeys.recipientKey(tenant.get()), "+" + from);
            Consent consent = keyword.get().action == Keyword.Action.OPT_OUT ? Consent.OPTED_OUT : Consent.OPTED_IN;
            OptOut event = new OptOut(OptOut.SCHEMA_VERSION, tenant.get(), token, consent, keyword.get().name(), "mo",
                    carrier, Instant.now());
            optouts.sendMessage(Message.of(event).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build()))
                    .await().atMost(Duration.ofSeconds(10));
            LOG.infof("SD0504 %s from a recipient of tenant %s via %s: %s", keyword.get(), tenant.get(), carrier, consent);
        } catch (RuntimeException e) {
            LOG.warnf("SD0505 %s for tenant %s not recorded (%s); carrier asked to resend", keyword.get(), tenant.get(),
                    e.getClass().getSimpleName());
            throw new ProcessRequestException("opt-out not recorded", SmppStatus.ESME_RX_T_APPN);
        }
    }

    private static String text(DeliverSm d) {
        byte[] octets = d.getShortMessage() == null ? new byte[0] : d.getShortMessage();
        int dc = d.getDataCoding() & 0xFF;
        if (dc == 0x08) {
            return new String(octets, StandardCharsets.UTF_16BE);
        }
        if (dc == 0x00) {
            return Gsm7.decode(octets);
        }
        return new String(octets, StandardCharsets.ISO_8859_1);
    }
}
