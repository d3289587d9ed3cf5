package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/**
 * A carrier that takes every submit and sends its receipt only after an hour: within a test, it
 * never sends one (issue 21, point 3). dispatch waits 2 s past a message's validity before it ends
 * the message itself.
 */
public class SilentCarrierResource implements QuarkusTestResourceLifecycleManager {

    static volatile Smsc smsc;

    @Override
    public Map<String, String> start() {
        smsc = Smsc.start(SmscConfig.defaults().withCredentials("dispatch", "t3stpw")
                .withReceiptDelay(Duration.ofHours(1)));
        return Map.of("sealed.smpp.host", "127.0.0.1", "sealed.smpp.port", Integer.toString(smsc.port()),
                "sealed.smpp.system-id", "dispatch", "sealed.smpp.password", "t3stpw",
                "sealed.smpp.expiry-grace", "PT2S");
    }

    @Override
    public void stop() {
        if (smsc != null) {
            smsc.close();
        }
    }
}
