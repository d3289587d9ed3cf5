package dev.sealedsms.simulator.smsc;

import java.time.Instant;

/**
 * One accepted submit_sm as the carrier saw it. The simulator is the carrier, so it holds the
 * plaintext in memory for tests to assert on; {@link #toString()} still redacts numbers and body so
 * a stray log line or assertion message never prints them.
 *
 * @param carrierMessageId the message_id returned in submit_sm_resp and echoed in the receipt
 * @param systemId         system_id of the session that submitted it
 * @param sourceAddr       source_addr as sent
 * @param destinationAddr  destination_addr as sent
 * @param body             short_message (or message_payload) decoded per data_coding, without any UDH
 * @param dataCoding       data_coding as sent, 0..255
 * @param receivedAt       when the simulator accepted it
 * @param validityPeriod   validity_period as sent (SMPP time format), or null for none
 * @param priorityFlag     priority_flag as sent
 */
public record Submission(
        String carrierMessageId,
        String systemId,
        String sourceAddr,
        String destinationAddr,
        String body,
        int dataCoding,
        Instant receivedAt,
        String validityPeriod,
        int priorityFlag) {

    @Override
    public String toString() {
        return "Submission[carrierMessageId=" + carrierMessageId + ", systemId=" + systemId
                + ", sourceAddr=<redacted>, destinationAddr=<redacted>, body=<redacted "
                + (body == null ? 0 : body.length()) + " chars>, dataCoding=" + dataCoding
                + ", receivedAt=" + receivedAt + ", validityPeriod=" + validityPeriod + ", priorityFlag=" + priorityFlag
                + "]";
    }
}
