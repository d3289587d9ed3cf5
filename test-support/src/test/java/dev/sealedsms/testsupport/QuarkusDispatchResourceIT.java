package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The resource as dispatch-service's tests use it, inside a real Quarkus test application. */
@QuarkusTest
@WithTestResource(value = SealedInfrastructureResource.class,
        initArgs = @ResourceArg(name = SealedInfrastructureResource.SERVICE, value = "dispatch"))
class QuarkusDispatchResourceIT {

    @ConfigProperty(name = SealedInfrastructureResource.KAFKA_BOOTSTRAP)
    String bootstrapServers;

    @ConfigProperty(name = SealedInfrastructureResource.VAULT_ADDRESS)
    String vaultAddress;

    @ConfigProperty(name = SealedInfrastructureResource.VAULT_TOKEN)
    String vaultToken;

    @Test
    void dispatchGetsTheSharedServersAndATokenThatMayOnlyDecrypt() throws Exception {
        // Quarkus loaded test-support again; the servers must still be the JVM-wide ones.
        assertNotSame(ClassLoader.getSystemClassLoader(), SealedInfrastructure.class.getClassLoader());
        assertEquals(SystemCopy.bootstrapServers(), bootstrapServers);

        VaultHttp.Answer dataKey = VaultHttp.post(vaultAddress, vaultToken, "transit/datakey/plaintext/sms-dek-acme", "{}");
        assertEquals(403, dataKey.status(), dataKey.body());
    }
}
