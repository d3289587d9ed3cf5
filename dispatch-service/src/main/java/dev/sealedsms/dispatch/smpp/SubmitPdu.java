package dev.sealedsms.dispatch.smpp;

import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;

/**
 * The fields of one submit_sm that vary. {@code validityPeriod} is SMPP 3.4 absolute time
 * ({@code YYMMDDhhmmsstnnp}) or null for the carrier's default. Holds a number and content: never log it.
 */
record SubmitPdu(TypeOfNumber sourceTon, NumberingPlanIndicator sourceNpi, String source, String destination,
        ESMClass esmClass, RegisteredDelivery registeredDelivery, DataCoding dataCoding, byte[] shortMessage,
        OptionalParameter[] tlvs, String validityPeriod) {

    @Override
    public String toString() {
        return "SubmitPdu[<redacted>]";
    }
}
