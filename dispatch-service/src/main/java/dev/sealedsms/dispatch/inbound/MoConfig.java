package dev.sealedsms.dispatch.inbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** Mobile-originated messages: whose they are and what HELP answers. */
@ConfigMapping(prefix = "sealed.mo")
public interface MoConfig {

    /** Our address the handset wrote to (short code or long number, digits; or a sender id) → tenant. */
    Map<String, String> tenants();

    /** Tenant of an MO whose destination is not in {@link #tenants()}; unset: such MO are dropped with a log line. */
    Optional<String> defaultTenant();

    /** The reply to HELP, sent from the address the handset wrote to. Carriers require one; no content of ours. */
    @WithDefault("Sealed SMS: reply STOP to opt out, START to opt back in. Msg&data rates may apply.")
    String helpText();
}
