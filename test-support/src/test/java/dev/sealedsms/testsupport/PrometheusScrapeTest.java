package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

    private static final String TEXT = """
            # HELP sealed_messages_total Messages
            # TYPE sealed_messages_total counter
            sealed_messages_total{reason="none",service="policy-service",status="ACCEPTED",tenant="acme"} 3.0
            sealed_messages_total{reason="QUIET_HOURS",service="policy-service",status="REJECTED",tenant="acme"} 2.0
            sealed_messages_total{reason="a \\"quoted\\", value",service="policy-service",status="REJECTED",tenant="x"} 1.0
            process_uptime_seconds 12.5
            sealed_seal_seconds_bucket{le="+Inf",service="crypto-service"} 4
            """;

    @Test
    void sumsTheSeriesWhoseLabelsMatch() {
        PrometheusScrape s = PrometheusScrape.parse(TEXT);

        assertEquals(6.0, s.sum("sealed_messages_total"));
        assertEquals(3.0, s.sum("sealed_messages_total", "status", "REJECTED"));
        assertEquals(2.0, s.sum("sealed_messages_total", "status", "REJECTED", "tenant", "acme"));
        assertEquals(0.0, s.sum("sealed_messages_total", "status", "SEALED"));
        assertEquals(12.5, s.sum("process_uptime_seconds"));
        assertEquals(4.0, s.sum("sealed_seal_seconds_bucket", "le", "+Inf"));
    }

    @Test
    void readsEscapedLabelValuesAndKnowsWhatIsPresent() {
        PrometheusScrape s = PrometheusScrape.parse(TEXT);

        assertTrue(s.has("sealed_messages_total", "reason", "a \"quoted\", value"));
        assertFalse(s.has("sealed_messages_total", "status", "FAILED"));
        assertTrue(s.names().contains("process_uptime_seconds"));
    }
}
