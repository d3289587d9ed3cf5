package dev.sealedsms.simulator.smsc;

import dev.sealedsms.codec.Gsm7;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;

/**
 * Turns a submit_sm's octets into text the way a handset would show it. Failures carry the SMPP
 * status the ESME gets in submit_sm_resp, and name no content.
 */
final class SubmitBodies {

    static final int DC_GSM7 = 0x00;
    static final int DC_IA5 = 0x01;
    static final int DC_LATIN1 = 0x03;
    static final int DC_UCS2 = 0x08;

    private SubmitBodies() {
    }

    /**
     * The body of {@code submitSm}: short_message, or the message_payload TLV when short_message is
     * empty; a user data header (esm_class UDHI) is skipped, so each part of a concatenated message
     * decodes to its own text.
     */
    static String decode(SubmitSm submitSm) throws ProcessRequestException {
        byte[] octets = submitSm.getShortMessage();
        if (octets == null || octets.length == 0) {
            OptionalParameter.Message_payload payload =
                    submitSm.getOptionalParameter(OptionalParameter.Message_payload.class);
            octets = payload == null ? new byte[0] : payload.getValue();
        }
        if (submitSm.isUdhi()) {
            octets = withoutUdh(octets);
        }
        int dataCoding = submitSm.getDataCoding() & 0xFF;
        return switch (dataCoding) {
            case DC_GSM7 -> Gsm7.decode(octets);
            case DC_IA5, DC_LATIN1 -> new String(octets, StandardCharsets.ISO_8859_1);
            case DC_UCS2 -> strict(octets, StandardCharsets.UTF_16BE);
            default -> throw new ProcessRequestException(
                    "unsupported data_coding " + dataCoding, SMPPConstant.STAT_ESME_RINVDCS);
        };
    }

    private static byte[] withoutUdh(byte[] octets) throws ProcessRequestException {
        if (octets.length == 0 || (octets[0] & 0xFF) + 1 > octets.length) {
            throw new ProcessRequestException("UDHI set but user data header is truncated",
                    SMPPConstant.STAT_ESME_RINVMSGLEN);
        }
        return Arrays.copyOfRange(octets, (octets[0] & 0xFF) + 1, octets.length);
    }

    private static String strict(byte[] octets, Charset charset) throws ProcessRequestException {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProcessRequestException("short_message is not valid " + charset.name(),
                    SMPPConstant.STAT_ESME_RINVMSGLEN, e);
        }
    }
}
