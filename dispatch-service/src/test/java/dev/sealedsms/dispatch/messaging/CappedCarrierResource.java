package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.simulator.smsc.Faults;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/**
 * A carrier account of 200 submits/s that answers ESME_RTHROTTLED above it, and dispatch told its
 * TPS (issue 21, point 6). Four transceiver binds, so the limit must hold across binds.
 */
public class CappedCarrierResource implements QuarkusTestResourceLifecycleManager {

    static final int TPS = 200;
    static volatile Smsc smsc;

    @Override
    public Map<String, String> start() {
        smsc = Smsc.start(SmscConfig.defaults().withCredentials("dispatch", "t3stpw")
                .withReceiptDelay(Duration.ofMillis(100)).withFaults(Faults.NONE.withMaxTps(TPS)));
        return Map.of("sealed.smpp.host", "127.0.0.1", "sealed.smpp.port", Integer.toString(smsc.port()),
                "sealed.smpp.system-id", "dispatch", "sealed.smpp.password", "t3stpw", "sealed.smpp.binds", "4",
                "sealed.smpp.max-tps", Integer.toString(TPS));
    }

    @Override
    public void stop() {
        if (smsc != null) {
            smsc.close();
        }
    }
}
