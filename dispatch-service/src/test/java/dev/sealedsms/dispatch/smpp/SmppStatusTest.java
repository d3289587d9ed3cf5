package dev.sealedsms.dispatch.smpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmppStatusTest {

    @Test
    void throttlingIsRetriedLaterTransientIsRetriedAndTheRestIsPermanent() {
        assertEquals(SubmitException.Kind.THROTTLED, SmppStatus.classify(0x58));
        assertEquals(SubmitException.Kind.THROTTLED, SmppStatus.classify(0x14));
        assertEquals(SubmitException.Kind.RETRYABLE, SmppStatus.classify(0x08));
        assertEquals(SubmitException.Kind.RETRYABLE, SmppStatus.classify(0x64));
        assertEquals(SubmitException.Kind.PERMANENT, SmppStatus.classify(0x0B));
        assertEquals(SubmitException.Kind.PERMANENT, SmppStatus.classify(0x45 + 1));
        assertEquals("0x0000000B", SmppStatus.code(0x0B));
    }
}
