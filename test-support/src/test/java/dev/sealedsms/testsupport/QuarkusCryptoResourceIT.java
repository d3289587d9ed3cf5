package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A second Quarkus application in the same JVM (different resource args, so Quarkus restarts):
 * it must get the same servers as {@link QuarkusDispatchResourceIT}, not a second set.
 */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class,
        initArgs = @ResourceArg(name = SealedInfrastructureResource.SERVICE, value = "crypto"))
class QuarkusCryptoResourceIT {

    @ConfigProperty(name = SealedInfrastructureResource.KAFKA_BOOTSTRAP)
    String bootstrapServers;

    @ConfigProperty(name = SealedInfrastructureResource.VAULT_ADDRESS)
    String vaultAddress;

    @ConfigProperty(name = SealedInfrastructureResource.VAULT_TOKEN)
    String vaultToken;

    @Test
    void cryptoGetsTheSharedServersAndATokenThatMayCreateDataKeys() throws Exception {
        assertEquals(SystemCopy.bootstrapServers(), bootstrapServers);

        VaultHttp.Answer dataKey = VaultHttp.post(vaultAddress, vaultToken, "transit/datakey/plaintext/sms-dek-globex", "{}");
        assertEquals(200, dataKey.status(), dataKey.body());
    }
}
