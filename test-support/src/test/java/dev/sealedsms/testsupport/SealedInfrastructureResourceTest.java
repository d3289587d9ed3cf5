package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sealedsms.testsupport.SealedInfrastructureResource.Service;

class SealedInfrastructureResourceTest {

    @Test
    void serviceNamesAreReadCaseInsensitively() {
        assertEquals(Service.POLICY, Service.parse("policy"));
        assertEquals(Service.CRYPTO, Service.parse("Crypto"));
        assertEquals(Service.DISPATCH, Service.parse(" DISPATCH "));
    }

    @Test
    void missingServiceArgExplainsTheAnnotationToWrite() {
        SealedInfrastructureResource resource = new SealedInfrastructureResource();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resource.init(Map.of()));

        assertTrue(e.getMessage().contains("@ResourceArg(name = \"service\""), e.getMessage());
        assertTrue(e.getMessage().contains("policy, crypto, dispatch"), e.getMessage());
    }
}
