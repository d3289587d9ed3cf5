package dev.sealedsms.simulator.config;

import dev.sealedsms.simulator.smsc.Smsc;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Starts the SMSC with the application, so it listens before readiness reports UP, and closes it on shutdown. */
@ApplicationScoped
public class SmscProducer {

    @Produces
    @Singleton
    @Startup
    Smsc smsc(SimulatorConfig config) {
        return Smsc.start(config.toSmscConfig());
    }

    void close(@Disposes Smsc smsc) {
        smsc.close();
    }
}
