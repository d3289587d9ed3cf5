package dev.sealedsms.dispatch.receipts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CarrierIdsTest {

    @Test
    void aDecimalReceiptIdFindsAHexSubmitId() {
        String submitId = Long.toHexString(1732451234567890L).toUpperCase();

        assertTrue(CarrierIds.candidates("1732451234567890").contains(CarrierIds.canonical(submitId)));
    }

    @Test
    void aHexReceiptIdFindsADecimalSubmitId() {
        assertTrue(CarrierIds.candidates("00FF").contains(CarrierIds.canonical("255")));
    }

    @Test
    void theLiteralFormIsTriedFirstAndCaseAndLeadingZerosDoNotMatter() {
        assertEquals("abc123", CarrierIds.candidates(" 000ABC123 ").iterator().next());
        assertEquals("0", CarrierIds.canonical("0000"));
    }
}
