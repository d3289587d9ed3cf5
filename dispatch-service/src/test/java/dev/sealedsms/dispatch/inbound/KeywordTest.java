package dev.sealedsms.dispatch.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeywordTest {

    @Test
    void stopAndItsSynonymsOptOutStartOptsInHelpHelps() {
        for (String s : new String[] {"STOP", "stop", " Stop. ", "STOPALL", "unsubscribe", "Cancel", "END", "quit please"}) {
            assertEquals(Keyword.Action.OPT_OUT, Keyword.of(s).orElseThrow().action, s);
        }
        assertEquals(Keyword.Action.OPT_IN, Keyword.of("start").orElseThrow().action);
        assertEquals(Keyword.Action.OPT_IN, Keyword.of("UNSTOP").orElseThrow().action);
        assertEquals(Keyword.Action.HELP, Keyword.of("help?").orElseThrow().action);
    }

    @Test
    void otherTextIsNoKeyword() {
        assertEquals(Optional.empty(), Keyword.of("please stop"));
        assertTrue(Keyword.of("Stopwatch").isEmpty());
        assertTrue(Keyword.of("").isEmpty());
    }
}
