package dev.sealedsms.dispatch.smpp;

import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;

/** The fields of one submit_sm that vary. Holds a number and content: never log it. */
record SubmitPdu(TypeOfNumber sourceTon, NumberingPlanIndicator sourceNpi, String source, String destination,
        ESMClass esmClass, RegisteredDelivery registeredDelivery, DataCoding dataCoding, byte[] shortMessage,
        OptionalParameter[] tlvs) {

    @Override
    public String toString() {
        return "SubmitPdu[<redacted>]";
    }
}
