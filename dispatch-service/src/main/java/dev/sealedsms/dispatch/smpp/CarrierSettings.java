package dev.sealedsms.dispatch.smpp;

import dev.sealedsms.dispatch.config.SmppConfig;
import java.util.ArrayList;
import java.util.List;

/** One carrier's connection settings, whichever part of {@link SmppConfig} they came from. Never prints the password. */
public record CarrierSettings(String name, String host, int port, String systemId, String password, String systemType,
        int binds, SmppConfig.BindMode bindMode, int window, boolean tls, int maxTps, boolean sarTlvs) {

    public CarrierSettings {
        if (binds < 1 || window < 1 || maxTps < 0) {
            throw new IllegalArgumentException("carrier " + name + ": binds and window must be at least 1, max-tps 0 or more");
        }
    }

    /** The default carrier first, then the others by name. */
    public static List<CarrierSettings> from(SmppConfig c) {
        List<CarrierSettings> all = new ArrayList<>();
        all.add(new CarrierSettings(c.carrier(), c.host(), c.port(), c.systemId(), c.password(),
                c.systemType().orElse(""), c.binds(), c.bindMode(), c.window(), c.tls(), c.maxTps(), c.sarTlvs()));
        c.carriers().forEach((name, k) -> all.add(new CarrierSettings(name, k.host(), k.port(), k.systemId(),
                k.password(), k.systemType().orElse(""), k.binds(), k.bindMode(), k.window(), k.tls(), k.maxTps(),
                k.sarTlvs())));
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "CarrierSettings[" + name + " " + host + ":" + port + " as " + systemId + ", " + binds + "x" + bindMode
                + ", window " + window + (tls ? ", TLS" : "") + ", max-tps " + maxTps + "]";
    }
}
