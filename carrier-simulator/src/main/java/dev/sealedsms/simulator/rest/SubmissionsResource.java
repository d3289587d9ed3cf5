package dev.sealedsms.simulator.rest;

import dev.sealedsms.simulator.smsc.Smsc;
import dev.sealedsms.simulator.smsc.Submission;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.temporal.ChronoUnit;

/**
 * The carrier's record of accepted submits, for benchmarks that count lost and duplicated messages
 * (bench/e2e): one line per retained submission, oldest first, {@code <carrierMessageId> <receivedAt
 * as epoch microseconds>}. Ids and times only: never a body or a number. At most
 * {@link Smsc#RETAINED_SUBMISSIONS} lines; {@code /v1/stats} tells whether older ones were dropped.
 */
@Path("/v1/submissions")
public class SubmissionsResource {

    private final Smsc smsc;

    SubmissionsResource(Smsc smsc) {
        this.smsc = smsc;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String submissions() {
        var submissions = smsc.submissions();
        StringBuilder out = new StringBuilder(submissions.size() * 32);
        for (Submission s : submissions) {
            out.append(s.carrierMessageId()).append(' ')
                    .append(ChronoUnit.MICROS.between(java.time.Instant.EPOCH, s.receivedAt())).append('\n');
        }
        return out.toString();
    }
}
