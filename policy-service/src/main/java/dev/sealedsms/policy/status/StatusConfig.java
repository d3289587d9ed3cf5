package dev.sealedsms.policy.status;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The status view of {@code sms.receipts}: how much of it each replica keeps, and how long reads wait for it. */
@ConfigMapping(prefix = "sealed.status")
public interface StatusConfig {

    /**
     * How far back the view reads {@code sms.receipts} at start-up and how long it keeps a message
     * after its first receipt. Older messages answer 404 MESSAGE_NOT_FOUND. At most the topic's
     * retention (90 days); memory is the limit in practice (DESIGN.md: "Status view").
     */
    @WithDefault("P7D")
    Duration window();

    /**
     * At most this many messages are kept per replica (about 350 bytes each); beyond it the
     * message seen first is dropped first, whatever its window.
     */
    @WithDefault("200000")
    int maxMessages();

    /** How long start-up may take to read the window of receipts before readiness gives up and stays DOWN. */
    @WithDefault("PT10M")
    Duration loadTimeout();

    /**
     * A status request for a message the view does not know waits at most this long for the view
     * to reach the receipts' end offsets as of the request, so a message accepted a moment ago by
     * any replica is found (read-your-writes). 0 answers from the view as it is.
     */
    @WithDefault("PT2S")
    Duration readYourWritesWait();
}
