package dev.sealedsms.simulator.rest;

import dev.sealedsms.simulator.smsc.Smsc;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Faults on demand, for the fault suite (bench/faults): {@code POST /v1/faults/drop} closes every
 * SMPP connection at once, as a carrier link failure would, and answers how many it closed. The
 * rate-based faults stay in configuration ({@code simulator.faults.*}); this one is timed by the
 * caller, so a run can drop the link every few seconds while the record of submissions
 * ({@code /v1/submissions}) survives, which a simulator restart would lose.
 * {@code POST /v1/faults/hold-receipts} keeps every receipt that falls due from then on, and
 * {@code POST /v1/faults/release-receipts?window=N} sends them all in one burst, N at a time (default
 * 1,000), as after a carrier's outage.
 */
@Path("/v1/faults")
public class FaultsResource {

    private final Smsc smsc;

    FaultsResource(Smsc smsc) {
        this.smsc = smsc;
    }

    @POST
    @Path("/drop")
    @Produces(MediaType.APPLICATION_JSON)
    public Dropped drop() {
        return new Dropped(smsc.dropConnections());
    }

    @POST
    @Path("/hold-receipts")
    public void holdReceipts() {
        smsc.holdReceipts();
    }

    @POST
    @Path("/release-receipts")
    @Produces(MediaType.APPLICATION_JSON)
    public Released releaseReceipts(@QueryParam("window") @DefaultValue("1000") int window) {
        return new Released(smsc.releaseReceipts(window));
    }

    /** @param released receipts sent at once by this call */
    public record Released(int released) {
    }

    /** @param dropped connections closed by this call */
    public record Dropped(int dropped) {
    }
}
