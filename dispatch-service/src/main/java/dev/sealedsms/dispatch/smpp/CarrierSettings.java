package dev.sealedsms.dispatch.smpp;

import dev.sealedsms.dispatch.config.CarrierLink;
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
        all.add(of(c.carrier(), c));
        c.carriers().forEach((name, k) -> all.add(of(name, k)));
        return List.copyOf(all);
    }

    private static CarrierSettings of(String name, CarrierLink k) {
        return new CarrierSettings(name, k.host(), k.port(), k.systemId(), k.password(), k.systemType().orElse(""),
                k.binds(), k.bindMode(), k.window(), k.tls(), k.maxTps(), k.sarTlvs());
    }

    @Override
    public String toString() {
        return "CarrierSettings[" + name + " " + host + ":" + port + " as " + systemId + ", " + binds + "x" + bindMode
                + ", window " + window + (tls ? ", TLS" : "") + ", max-tps " + maxTps + "]";
    }
}
