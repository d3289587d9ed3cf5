package dev.sealedsms.dispatch.messaging;

import dev.sealedsms.simulator.smsc.IdFormat;
import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.SmscConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;

/** The carrier simulator, embedded, as dispatch-service's SMPP peer in tests. */
public class CarrierSimulatorResource implements QuarkusTestResourceLifecycleManager {

    /** Destinations starting with this (digits, no '+') get UNDELIV receipts. */
    public static final String UNDELIVERABLE_PREFIX = "447400199";

    static volatile Smsc smsc;

    @Override
    public Map<String, String> start() {
        // Ids in hex in submit_sm_resp, in decimal in receipt texts without TLVs: the hardest correlation case.
        smsc = Smsc.start(SmscConfig.defaults().withCredentials("dispatch", "t3stpw")
                .withReceiptDelay(Duration.ofMillis(50)).withUndeliverablePrefix(UNDELIVERABLE_PREFIX)
                .withIdFormat(IdFormat.HEX_RESPONSE_DECIMAL_RECEIPT).withReceiptTlvs(false));
        return Map.of("sealed.smpp.host", "127.0.0.1", "sealed.smpp.port", Integer.toString(smsc.port()),
                "sealed.smpp.system-id", "dispatch", "sealed.smpp.password", "t3stpw", "sealed.smpp.binds", "2",
                "sealed.mo.tenants.ACME", "acme");
    }

    @Override
    public void stop() {
        if (smsc != null) {
            smsc.close();
        }
    }
}
