package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.Test;

class BrokerLoggingTest {

    @Test
    void brokerCategoriesGoToWarnButAChosenLevelAndClientsAreLeftAlone() {
        LogContext context = LogContext.getLogContext();
        Logger raft = context.getLogger("org.apache.kafka.raft");
        Level chosen = raft.getLevel();
        raft.setLevel(Level.FINE); // as a module's own logging config would have done
        Logger clients = context.getLogger("org.apache.kafka.clients");
        Level clientsBefore = clients.getLevel();
        try {
            BrokerLogging.quiet();

            assertFalse(context.getLogger("kafka.server.BrokerServer").isLoggable(Level.INFO));
            assertFalse(context.getLogger("org.apache.kafka.controller.QuorumController").isLoggable(Level.INFO));
            assertEquals(Level.FINE, raft.getLevel(), "an explicitly set level must win");
            assertEquals(clientsBefore, clients.getLevel(), "client logging belongs to the code under test");
        } finally {
            raft.setLevel(chosen);
        }
    }

    @Test
    void onlyTheBrokerAndOurAdminConfigDumpsAreFiltered() {
        BrokerLogging.DropOurConfigDumps filter = new BrokerLogging.DropOurConfigDumps();

        assertFalse(filter.isLoggable(info("KafkaConfig values: \n\tlog.dirs = /tmp")));
        assertFalse(filter.isLoggable(info("AdminClientConfig values: \n\tclient.id = sealed-test-support-admin\n")));
        assertTrue(filter.isLoggable(info("AdminClientConfig values: \n\tclient.id = crypto-service-admin\n")));
        assertTrue(filter.isLoggable(info("ProducerConfig values: \n\tacks = -1\n")));
    }

    private static LogRecord info(String message) {
        return new LogRecord(Level.INFO, message);
    }
}
