package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.simulator.smsc.Faults;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/**
 * A badly behaved carrier: throttles 15% of submits, refuses 5% for good, drops each connection at
 * its 25th submit; dispatch binds to it twice, each as transmitter plus receiver.
 */
public class FaultyCarrierResource implements QuarkusTestResourceLifecycleManager {

    static volatile Smsc smsc;

    @Override
    public Map<String, String> start() {
        smsc = Smsc.start(SmscConfig.defaults().withCredentials("dispatch", "t3stpw")
                .withReceiptDelay(Duration.ofMillis(100))
                .withFaults(Faults.NONE.withThrottleRate(0.15).withErrorRate(0.05).withDropAfterSubmits(25).withSeed(42)));
        return Map.of("sealed.smpp.host", "127.0.0.1", "sealed.smpp.port", Integer.toString(smsc.port()),
                "sealed.smpp.system-id", "dispatch", "sealed.smpp.password", "t3stpw", "sealed.smpp.binds", "2",
                "sealed.smpp.bind-mode", "TX_RX", "sealed.smpp.retry-initial", "PT0.05S", "sealed.smpp.retry-max",
                "PT1S");
    }

    @Override
    public void stop() {
        if (smsc != null) {
            smsc.close();
        }
    }
}
