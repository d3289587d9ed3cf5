package dev.sealedsms.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/**
 * Turns the in-JVM broker's own logging down, so a test's output shows the service under test and
 * not the broker's hundreds of INFO lines per start.
 *
 * <p>Kafka logs through slf4j (and a little log4j-api); on our test classpaths both end in JBoss
 * LogManager, the backend Quarkus tests use. Broker categories go to WARN, but only where no level
 * is set yet and before Quarkus configures logging, so a module that wants broker INFO or DEBUG
 * still gets it with {@code quarkus.log.category."kafka".level=DEBUG}. Client packages
 * ({@code org.apache.kafka.clients}, {@code …common.config}) belong to the code under test and keep
 * their levels; from the shared config logger only the broker's {@code KafkaConfig values} dump
 * (about 300 lines per node) and our own topic admin's config dump are filtered out.
 */
final class BrokerLogging {

    /** Broker, controller and storage categories of Kafka 4.x; clients and common are not here. */
    private static final List<String> BROKER_CATEGORIES = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.common.test",
            "org.apache.kafka.controller",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.image",
            "org.apache.kafka.metadata",
            "org.apache.kafka.network",
            "org.apache.kafka.queue",
            "org.apache.kafka.raft",
            "org.apache.kafka.security",
            "org.apache.kafka.server",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.storage");

    /** Where every Kafka config class logs its "values:" dump, for clients and servers alike. */
    static final String CONFIG_DUMP_CATEGORY = "org.apache.kafka.common.config.AbstractConfig";

    /** Client id of the admin client that creates topics for the tests. */
    static final String ADMIN_CLIENT_ID = "sealed-test-support-admin";

    /** Strong references: a logger that is collected would forget its level. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    private BrokerLogging() {
    }

    static synchronized void quiet() {
        if (!QUIETED.isEmpty()) {
            return;
        }
        LogContext context = LogContext.getLogContext();
        for (String category : BROKER_CATEGORIES) {
            Logger logger = context.getLogger(category);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
            QUIETED.add(logger);
        }
        Logger configDumps = context.getLogger(CONFIG_DUMP_CATEGORY);
        if (configDumps.getFilter() == null) {
            configDumps.setFilter(new DropOurConfigDumps());
        }
        QUIETED.add(configDumps);
    }

    /** Passes every record except the broker's and our admin client's config dumps. */
    static final class DropOurConfigDumps implements Filter {
        @Override
        public boolean isLoggable(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            if (message == null) {
                return true;
            }
            boolean brokerDump = message.startsWith("KafkaConfig values");
            boolean ourAdminDump = message.startsWith("AdminClientConfig values")
                    && message.contains("client.id = " + ADMIN_CLIENT_ID);
            return !(brokerDump || ourAdminDump);
        }
    }
}
