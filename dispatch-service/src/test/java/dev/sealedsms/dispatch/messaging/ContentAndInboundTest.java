package dev.sealedsms.dispatch.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.Consent;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.OptOut;
import dev.sealedsms.events.Receipt;
import dev.sealedsms.events.ReceiptStatus;
import dev.sealedsms.events.SealedMessage;
import dev.sealedsms.events.TextEncoding;
import dev.sealedsms.events.Topics;
import dev.sealedsms.simulator.smsc.Submission;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import dev.sealedsms.testsupport.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * Encoding and segment cases, and MO keywords, against the simulator (which answers ids in hex and
 * writes them in decimal in receipt texts without TLVs, the hardest correlation case).
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "dispatch"))
@WithTestResource(CarrierSimulatorResource.class)
class ContentAndInboundTest {

    private final TopicProbe kafka = new TopicProbe(SealedInfrastructure.get().kafka().bootstrapServers());

    @Test
    void aLongGsmBodyWithExtensionCharactersGoesInTwoPartsAndTheReceiptsSaySo() {
        String body = "Price € [10] {x} ~^|\\ ".repeat(7); // 154 chars, 182 septets
        String number = "+447400200001";

        Receipt delivered = deliver(body, number);

        assertEquals(2, delivered.segments());
        assertEquals(TextEncoding.GSM7, delivered.encoding());
        List<Submission> parts = partsTo(number);
        assertEquals(2, parts.size());
        assertTrue(parts.stream().allMatch(s -> s.dataCoding() == 0));
        assertTrue(joinsTo(parts, body), "the parts join to the body");
    }

    @Test
    void greekArabicAndEmojiGoAsUcs2InThreePartsIntact() {
        String body = "Καλημέρα κόσμε, مرحبا بالعالم 😀🎉 ".repeat(5); // 175 UTF-16 units
        String number = "+447400200002";

        Receipt delivered = deliver(body, number);

        assertEquals(3, delivered.segments());
        assertEquals(TextEncoding.UCS2, delivered.encoding());
        List<Submission> parts = partsTo(number);
        assertEquals(3, parts.size());
        assertTrue(parts.stream().allMatch(s -> s.dataCoding() == 8));
        assertTrue(joinsTo(parts, body));
    }

    @Test
    void aStopBecomesAnOptOutWithinOneSecond() {
        String number = "+447400200003";
        String token = Sealing.token("acme", number);

        Instant sent = Instant.now();
        boolean taken = CarrierSimulatorResource.smsc.sendMo("dispatch", number.substring(1), "ACME", "Stop");

        assertTrue(taken, "dispatch answered the deliver_sm");
        OptOut o = awaitOptOut("acme:" + token, Duration.ofSeconds(5));
        Duration took = Duration.between(sent, Instant.now());
        assertEquals(Consent.OPTED_OUT, o.consent());
        assertEquals("STOP", o.keyword());
        assertEquals("simulator", o.carrier());
        assertTrue(took.compareTo(Duration.ofSeconds(1)) <= 0, "opt-out durable within 1 s, took " + took);
    }

    @Test
    void startBecomesAnOptInAndHelpGetsTheConfiguredReply() {
        String number = "+447400200004";
        String token = Sealing.token("acme", number);

        assertTrue(CarrierSimulatorResource.smsc.sendMo("dispatch", number.substring(1), "ACME", "START"));
        assertTrue(CarrierSimulatorResource.smsc.sendMo("dispatch", number.substring(1), "ACME", "help"));

        assertEquals(Consent.OPTED_IN, awaitOptOut("acme:" + token, Duration.ofSeconds(5)).consent());
        Instant deadline = Instant.now().plusSeconds(10);
        while (partsTo(number).isEmpty() && Instant.now().isBefore(deadline)) {
            sleep(50);
        }
        Submission reply = partsTo(number).get(0);
        assertTrue(reply.body().startsWith("Sealed SMS: reply STOP"), "HELP reply sent");
        assertEquals("ACME", reply.sourceAddr());
    }

    // --- helpers ---------------------------------------------------------------------------

    private Receipt deliver(String body, String number) {
        SealedMessage m = Sealing.seal("acme", number, body, Instant.now().plusSeconds(600));
        kafka.produce(Topics.SEALED, m.messageId(), EventJson.write(m));
        List<Receipt> rs = Sealing.awaitAll(Set.of(m.messageId()), Sealing::terminal, Duration.ofSeconds(60))
                .get(m.messageId());
        assertEquals(List.of(ReceiptStatus.SUBMITTED, ReceiptStatus.DELIVERED), rs.stream().map(Receipt::status).toList());
        assertEquals(rs.get(0).segments(), rs.get(1).segments());
        return rs.get(1);
    }

    private static List<Submission> partsTo(String number) {
        return CarrierSimulatorResource.smsc.submissions().stream()
                .filter(s -> s.destinationAddr().equals(number.substring(1))).toList();
    }

    private static boolean joinsTo(List<Submission> parts, String body) {
        int length = parts.stream().mapToInt(s -> s.body().length()).sum();
        return length == body.length() && parts.stream().allMatch(s -> body.contains(s.body()));
    }

    private OptOut awaitOptOut(String key, Duration max) {
        Instant deadline = Instant.now().plus(max);
        try (KafkaConsumer<String, byte[]> c = kafka.fromBeginning(Topics.OPTOUTS)) {
            OptOut last = null;
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
                    if (key.equals(r.key())) {
                        last = EventJson.read(r.value(), OptOut.class);
                    }
                }
                if (last != null && c.assignment().stream().allMatch(
                        tp -> c.position(tp) >= c.endOffsets(Set.of(tp)).get(tp))) {
                    return last;
                }
            }
            throw new AssertionError("no consent record for " + key + " within " + max);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static Map<String, String> none() {
        return Map.of();
    }
}
