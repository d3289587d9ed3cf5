package dev.sealedsms.dispatch.smpp;

/**
 * What a submit's failure means, decided here and nowhere else (SMPP 3.4 §5.1.3 command_status).
 * The dispatcher acts on the {@link SubmitException.Kind} alone.
 */
public final class SmppStatus {

    public static final int ESME_ROK = 0x00;
    public static final int ESME_RMSGQFUL = 0x14;
    public static final int ESME_RTHROTTLED = 0x58;
    public static final int ESME_RSYSERR = 0x08;
    public static final int ESME_RINVBNDSTS = 0x04;
    public static final int ESME_RALYBND = 0x05;
    public static final int ESME_RSUBMITFAIL = 0x45;
    public static final int ESME_RX_T_APPN = 0x64;
    /** generic_nack's command_id bit; a nack's status says why. */
    public static final int ESME_RUNKNOWNERR = 0xFF;

    private SmppStatus() {
    }

    /** The kind of a negative {@code submit_sm_resp}. */
    public static SubmitException.Kind classify(int commandStatus) {
        return switch (commandStatus) {
            case ESME_RTHROTTLED, ESME_RMSGQFUL -> SubmitException.Kind.THROTTLED;
            case ESME_RSYSERR, ESME_RINVBNDSTS, ESME_RALYBND, ESME_RSUBMITFAIL, ESME_RX_T_APPN, ESME_RUNKNOWNERR ->
                SubmitException.Kind.RETRYABLE;
            default -> SubmitException.Kind.PERMANENT;
        };
    }

    /** {@code 0x%08X}, as receipts carry it. */
    public static String code(int commandStatus) {
        return String.format("0x%08X", commandStatus);
    }
}
