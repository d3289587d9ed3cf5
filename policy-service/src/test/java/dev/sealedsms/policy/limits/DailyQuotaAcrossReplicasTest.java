package dev.sealedsms.policy.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealedsms.events.AuditRecord;
import dev.sealedsms.events.Category;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.events.Topics;
import dev.sealedsms.policy.rules.Reason;
import dev.sealedsms.testsupport.SealedInfrastructure;
import dev.sealedsms.testsupport.TopicProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' {@link DailyQuota} counters on one broker: what one accepts, the other counts,
 * because both read the APPROVED decisions on {@code sms.audit}.
 */
class DailyQuotaAcrossReplicasTest {

    private static final long QUOTA = 20;
    /** Noon of today (UTC), fixed: a run that straddles midnight must not see two days. */
    private final Clock clock = Clock.fixed(java.time.LocalDate.now(java.time.ZoneOffset.UTC).atTime(12, 0)
            .toInstant(java.time.ZoneOffset.UTC), java.time.ZoneOffset.UTC);

    private final String bootstrap = SealedInfrastructure.get().kafka().bootstrapServers();
    private final TopicProbe kafka = new TopicProbe(bootstrap);
    private final String client = "quota-" + UUID.randomUUID();
    private final ClientLimits limits = id -> id.equals(client) ? Optional.of(Limit.of(null, QUOTA)) : Optional.empty();

    @Test
    void aQuotaCountsAcceptsOfBothReplicas() throws Exception {
        try (DailyQuota a = new DailyQuota(bootstrap, limits, clock).start(Duration.ofSeconds(60));
                DailyQuota b = new DailyQuota(bootstrap, limits, clock).start(Duration.ofSeconds(60))) {
            // given replica A accepts 12 messages (and audits them, as SubmissionService does)
            for (int i = 0; i < 12; i++) {
                String id = UUID.randomUUID().toString();
                assertTrue(a.reserve(client, id).admitted());
                audit(id, AuditRecord.APPROVED, clock.instant());
            }
            // and a rejection and yesterday's accept, which do not count
            audit(UUID.randomUUID().toString(), AuditRecord.REJECTED, clock.instant());
            audit(UUID.randomUUID().toString(), AuditRecord.APPROVED, clock.instant().minus(Duration.ofDays(1)));
            await(() -> b.used(client) == 12);

            // when replica B takes what it can
            int admittedByB = 0;
            for (int i = 0; i < QUOTA; i++) {
                String id = UUID.randomUUID().toString();
                Admission admission = b.reserve(client, id);
                if (admission.admitted()) {
                    admittedByB++;
                    audit(id, AuditRecord.APPROVED, clock.instant());
                } else {
                    assertEquals(Reason.QUOTA_EXCEEDED, admission.refusal());
                    assertTrue(admission.retryAfter().toSeconds() >= 1);
                }
            }

            // then B got only the rest, and A, once it has read B's accepts, refuses too
            assertEquals(QUOTA - 12, admittedByB);
            await(() -> a.used(client) == QUOTA);
            assertFalse(a.reserve(client, UUID.randomUUID().toString()).admitted());
            assertEquals(QUOTA, a.used(client));
        }
    }

    @Test
    void aReleasedReservationIsGivenBackAndAFreshReplicaLoadsTheDaySoFar() throws Exception {
        try (DailyQuota a = new DailyQuota(bootstrap, limits, clock).start(Duration.ofSeconds(60))) {
            // given 5 accepts audited and one reservation released because its message was not accepted
            for (int i = 0; i < 5; i++) {
                String id = UUID.randomUUID().toString();
                assertTrue(a.reserve(client, id).admitted());
                audit(id, AuditRecord.APPROVED, clock.instant());
            }
            String failed = UUID.randomUUID().toString();
            assertTrue(a.reserve(client, failed).admitted());
            a.release(client, failed);
            await(() -> a.used(client) == 5);

            // when a replica starts afterwards
            try (DailyQuota late = new DailyQuota(bootstrap, limits, clock).start(Duration.ofSeconds(60))) {
                // then it starts from today's count, not from zero
                assertEquals(5, late.used(client));
            }
        }
    }

    private void audit(String messageId, String outcome, Instant at) {
        AuditRecord r = new AuditRecord(AuditRecord.SCHEMA_VERSION, messageId, "acme", client, outcome,
                AuditRecord.REJECTED.equals(outcome) ? "SENDER_NOT_ALLOWED" : null, List.of("sender-allowed"),
                List.of(), "p-test", "client:" + client, Category.TRANSACTIONAL, at);
        kafka.produce(Topics.AUDIT, messageId, EventJson.write(r));
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            Thread.sleep(20);
        }
    }
}
