package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.simulator.smsc.Faults;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/**
 * A carrier as strict as many real ones: a receipt refused once is never sent again, and a session
 * that refuses 10 is unbound. Receipts come 0–50 ms after each submit_sm_resp, so they race the
 * response's processing. dispatch binds to it twice as transceivers. Init arg
 * {@code closeAfterAnswers=N}: each link also closes right after its N-th, 2N-th, ... answer (the
 * response is on the wire, then the link goes, as when an SMSC fails).
 */
public class StrictCarrierResource implements QuarkusTestResourceLifecycleManager {

    static volatile Smsc smsc;
    private int closeAfterAnswers;

    @Override
    public void init(Map<String, String> initArgs) {
        closeAfterAnswers = Integer.parseInt(initArgs.getOrDefault("closeAfterAnswers", "0"));
    }

    @Override
    public Map<String, String> start() {
        smsc = Smsc.start(SmscConfig.defaults().withCredentials("dispatch", "t3stpw").withReceiptDelay(Duration.ZERO)
                .withFaults(Faults.NONE.withReceiptJitter(Duration.ofMillis(50)).withStrictReceipts(10)
                        .withCloseAfterAnswers(closeAfterAnswers)));
        return Map.of("sealed.smpp.host", "127.0.0.1", "sealed.smpp.port", Integer.toString(smsc.port()),
                "sealed.smpp.system-id", "dispatch", "sealed.smpp.password", "t3stpw", "sealed.smpp.binds", "2",
                "sealed.smpp.bind-mode", "TRX");
    }

    @Override
    public void stop() {
        if (smsc != null) {
            smsc.close();
        }
    }
}
