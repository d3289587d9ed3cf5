package dev.sealedsms.simulator.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sealedsms.simulator.smsc.Smsc;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Counters for benchmarks and smoke checks; never bodies or numbers. */
@Path("/v1/stats")
public class StatsResource {

    private final Smsc smsc;

    StatsResource(Smsc smsc) {
        this.smsc = smsc;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Stats stats() {
        return new Stats(smsc.submissionCount(), smsc.receiptsSent(), smsc.activeSessions());
    }

    /**
     * @param submissions    submit_sm accepted since start
     * @param receiptsSent   delivery receipts acknowledged by an ESME
     * @param activeSessions sessions currently bound
     */
    @JsonPropertyOrder({"submissions", "receiptsSent", "activeSessions"})
    public record Stats(long submissions, long receiptsSent, int activeSessions) {
    }
}
