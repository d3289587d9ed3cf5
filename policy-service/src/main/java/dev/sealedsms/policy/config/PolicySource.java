package dev.sealedsms.policy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Where the policy document is and how often it is checked for changes. */
@ConfigMapping(prefix = "sealed.policy")
public interface PolicySource {

    /** The policy document (YAML). In Kubernetes, a ConfigMap mounted as a file. */
    Path file();

    /**
     * How often the file's content hash is compared with the active policy's; a changed, valid
     * document replaces it. {@code PT0S} turns reloading off.
     */
    @WithDefault("PT5S")
    Duration reloadInterval();
}
