package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import dev.sealedsms.events.Topics;

class SealedInfrastructureIT {

    @Test
    void startsOncePerJvmWithTopicsAndTenantKeys() throws Exception {
        SealedInfrastructure infra = SealedInfrastructure.get();

        assertSame(infra, SealedInfrastructure.get());
        assertEquals(InfrastructureMode.fromEnvironment(), infra.mode(), "the mode follows SEALED_INFRA");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(topics.containsAll(Topics.ALL), "topics: " + topics);
            assertTrue(topics.containsAll(Topics.DEAD_LETTER), "topics: " + topics);
        }
        for (String tenant : SealedInfrastructure.TENANTS) {
            VaultHttp.Answer hmac = VaultHttp.post(infra.vault().address(), infra.tokens().crypto(),
                    "transit/hmac/sms-rcpt-" + tenant, "{\"input\":\"KzQ0NzcwMDkwMDEyMw==\"}");
            assertEquals(200, hmac.status(), tenant + ": " + hmac.body());
        }
    }

    @Test
    void resourceGivesEachServiceOnlyWhatItNeeds() {
        SealedInfrastructure infra = SealedInfrastructure.get();

        Map<String, String> policy = start("policy");
        Map<String, String> crypto = start("crypto");
        Map<String, String> dispatch = start("DISPATCH");

        assertEquals(infra.kafka().bootstrapServers(), policy.get(SealedInfrastructureResource.KAFKA_BOOTSTRAP));
        assertEquals(infra.vault().address(), policy.get(SealedInfrastructureResource.VAULT_ADDRESS));
        assertEquals(infra.tokens().policy(), policy.get(SealedInfrastructureResource.VAULT_TOKEN));
        assertEquals(infra.vault().address(), crypto.get(SealedInfrastructureResource.VAULT_ADDRESS));
        assertEquals(infra.tokens().crypto(), crypto.get(SealedInfrastructureResource.VAULT_TOKEN));
        assertEquals(infra.tokens().dispatch(), dispatch.get(SealedInfrastructureResource.VAULT_TOKEN));
        assertFalse(crypto.containsValue(infra.vault().rootToken()), "the root token must never reach a service");
        assertFalse(dispatch.containsValue(infra.vault().rootToken()), "the root token must never reach a service");
        assertFalse(policy.containsValue(infra.vault().rootToken()), "the root token must never reach a service");
    }

    @Test
    void resourceRejectsAnUnknownService() {
        SealedInfrastructureResource resource = new SealedInfrastructureResource();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resource.init(Map.of(SealedInfrastructureResource.SERVICE, "billing")));

        assertTrue(e.getMessage().contains("policy, crypto, dispatch"), e.getMessage());
    }

    /** What Quarkus does: load test-support again in a class loader of its own. */
    @Test
    void anotherClassLoaderSharesTheSameServers() throws Exception {
        SealedInfrastructure infra = SealedInfrastructure.get();
        try (URLClassLoader isolated = new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader())) {
            Class<?> copy = isolated.loadClass(SealedInfrastructure.class.getName());
            assertNotSame(SealedInfrastructure.class, copy);

            Object view = copy.getMethod("get").invoke(null);
            Object kafka = copy.getMethod("kafka").invoke(view);
            Object vault = copy.getMethod("vault").invoke(view);
            Object tokens = copy.getMethod("tokens").invoke(view);

            assertEquals(infra.kafka().bootstrapServers(), call(kafka, "bootstrapServers"));
            assertEquals(infra.vault().address(), call(vault, "address"));
            assertEquals(infra.tokens().crypto(), call(tokens, "crypto"));
        }
    }

    private static Map<String, String> start(String service) {
        SealedInfrastructureResource resource = new SealedInfrastructureResource();
        resource.init(Map.of(SealedInfrastructureResource.SERVICE, service));
        Map<String, String> config = resource.start();
        resource.stop();
        return config;
    }

    private static Object call(Object target, String method) throws Exception {
        // The records behind the interfaces are private: go through the public interface method.
        for (Class<?> type : target.getClass().getInterfaces()) {
            try {
                return type.getMethod(method).invoke(target);
            } catch (NoSuchMethodException e) {
                continue;
            }
        }
        return target.getClass().getMethod(method).invoke(target);
    }

    /** The test class path; failsafe's manifest-only jar is followed by URLClassLoader through Class-Path. */
    private static URL[] classPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        return urls.toArray(URL[]::new);
    }
}
