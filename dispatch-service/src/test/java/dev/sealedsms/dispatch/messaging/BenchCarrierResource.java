package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.simulator.smsc.Faults;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/**
 * The simulator for {@code bench/dispatch}: receipts at once; binds from {@code -Dbench.binds};
 * with {@code -Dbench.faults=true}, 5% throttled, 1% permanent errors, 2% undeliverable.
 */
public class BenchCarrierResource implements QuarkusTestResourceLifecycleManager {

    static volatile Smsc smsc;

    @Override
    public Map<String, String> start() {
        Faults faults = Boolean.getBoolean("bench.faults")
                ? Faults.NONE.withThrottleRate(0.05).withErrorRate(0.01).withUndeliverableRate(0.02).withSeed(2026)
                : Faults.NONE;
        smsc = Smsc.start(SmscConfig.defaults().withCredentials("dispatch", "t3stpw").withReceiptDelay(Duration.ZERO)
                .withFaults(faults));
        return Map.of("sealed.smpp.host", "127.0.0.1", "sealed.smpp.port", Integer.toString(smsc.port()),
                "sealed.smpp.system-id", "dispatch", "sealed.smpp.password", "t3stpw",
                "sealed.smpp.binds", System.getProperty("bench.binds", "1"),
                "sealed.smpp.window", System.getProperty("bench.window", "64"),
                "sealed.smpp.retry-initial", "PT0.02S", "sealed.smpp.retry-max", "PT0.5S",
                "quarkus.log.category.\"dev.sealedsms.dispatch.smpp\".level", "WARN");
    }

    @Override
    public void stop() {
        if (smsc != null) {
            smsc.close();
        }
    }
}
