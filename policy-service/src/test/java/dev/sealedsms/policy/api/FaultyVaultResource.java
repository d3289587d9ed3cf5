package dev.sealedsms.policy.api;

import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.SealedInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared Kafka broker and OpenBao ({@link SealedInfrastructure}), with Vault reached through a
 * {@link VaultProxy} the test switches between pass, hold and refuse. The Vault client tries once
 * per call and its breaker opens after 5 outages for 1 s, so a refused Vault opens the circuit within
 * a few calls and a restored one closes it soon after. The producers get client ids of their own,
 * so a test can throttle exactly them on the broker ({@link #PRODUCERS}).
 */
public class FaultyVaultResource implements QuarkusTestResourceLifecycleManager {

    /** The client ids of policy-service's producers (sms.approved, sms.receipts, sms.audit). */
    static final String[] PRODUCERS = {"policy-faults-approved", "policy-faults-receipts", "policy-faults-audit"};

    static volatile VaultProxy proxy;

    @Override
    public Map<String, String> start() {
        SealedInfrastructure infrastructure = SealedInfrastructure.get();
        proxy = VaultProxy.start(infrastructure.vault().address());
        Map<String, String> config = new HashMap<>(SealedInfrastructureResource.configFor(
                SealedInfrastructureResource.Service.POLICY, infrastructure));
        config.put(SealedInfrastructureResource.VAULT_ADDRESS, proxy.address());
        config.put("sealed.vault.call-attempts", "1");
        config.put("sealed.vault.open-timeout", "PT0.5S");
        config.put("sealed.vault.breaker-failure-threshold", "5");
        config.put("sealed.vault.breaker-open-duration", "PT1S");
        // an event-loop handler running 1 s logs a blocked-thread warning (the default is 2 s)
        config.put("quarkus.vertx.max-event-loop-execute-time", "PT1S");
        config.put("mp.messaging.outgoing.approved-out.client.id", PRODUCERS[0]);
        config.put("mp.messaging.outgoing.receipts-out.client.id", PRODUCERS[1]);
        config.put("mp.messaging.outgoing.audit-out.client.id", PRODUCERS[2]);
        return config;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
