package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.simulator.smsc.Faults;
import dev.sealedsms.simulator.smsc.IdFormat;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/**
 * A strict carrier (a refused receipt is never sent again, 10 refusals unbind us) whose receipts a
 * test can hold and release in one burst ({@link Smsc#holdReceipts()}), and which a test can
 * restart on the same port ({@link #restart()}), losing what it had not sent, as a killed SMSC
 * does. Init arg {@code ids}: its {@link IdFormat} (default DECIMAL; DECIMAL_RESTARTING numbers
 * from 1 again after each restart). dispatch binds twice as transceivers and ends a message with no
 * receipt 1 s after its validity.
 */
public class HoldingCarrierResource implements QuarkusTestResourceLifecycleManager {

    static volatile Smsc smsc;
    private static volatile SmscConfig config;

    @Override
    public void init(Map<String, String> initArgs) {
        config = SmscConfig.defaults().withCredentials("dispatch", "t3stpw").withReceiptDelay(Duration.ZERO)
                .withFaults(Faults.NONE.withStrictReceipts(10))
                .withIdFormat(IdFormat.valueOf(initArgs.getOrDefault("ids", IdFormat.DECIMAL.name())));
    }

    @Override
    public Map<String, String> start() {
        smsc = Smsc.start(config);
        config = config.withPort(smsc.port());
        return Map.of("sealed.smpp.host", "127.0.0.1", "sealed.smpp.port", Integer.toString(smsc.port()),
                "sealed.smpp.system-id", "dispatch", "sealed.smpp.password", "t3stpw", "sealed.smpp.binds", "2",
                "sealed.smpp.bind-mode", "TRX", "sealed.smpp.expiry-grace", "PT1S");
    }

    /** Stops the carrier, dropping every receipt it still owed, and starts a fresh one on its port. */
    static Smsc restart() {
        smsc.close();
        smsc = Smsc.start(config);
        return smsc;
    }

    @Override
    public void stop() {
        if (smsc != null) {
            smsc.close();
        }
    }
}
