package dev.sealedsms.crypto.sealing;

import dev.sealedsms.events.ApprovedMessage;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.TextEncoding;
import java.time.Instant;
import java.util.UUID;

/** Approved messages for tests. */
final class SealerFixtures {

    private SealerFixtures() {
    }

    static ApprovedMessage approved(String tenant, String number, String body) {
        Instant now = Instant.now();
        return new ApprovedMessage(1, UUID.randomUUID().toString(), tenant, "web", "ACME", number, body,
                Category.TRANSACTIONAL, "GB", 1, TextEncoding.GSM7, "p1", now, now.plusSeconds(600));
    }
}
