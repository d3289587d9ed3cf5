package dev.sealedsms.dispatch.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final Set<String> CARRIERS = Set.of("a", "b", "c");

    @Test
    void theLongestPrefixWinsAndStarIsTheDefault() {
        Router r = new Router(Map.of("44", "a", "447", "b", "*", "c"), "a", CARRIERS, new Random(1));

        assertEquals("b", r.route("447400123456").get(0));
        assertEquals("a", r.route("441234567890").get(0));
        assertEquals("c", r.route("33612345678").get(0));
    }

    @Test
    void weightsShareTheFirstChoiceAndTheOthersFollowAsFailover() {
        Router r = new Router(Map.of("44", "a:3,b:1"), "a", CARRIERS, new Random(7));
        int a = 0;
        for (int i = 0; i < 4000; i++) {
            List<String> order = r.route("447400000000");
            assertEquals(2, order.size());
            assertTrue(!order.get(0).equals(order.get(1)));
            a += order.get(0).equals("a") ? 1 : 0;
        }
        assertTrue(a > 2800 && a < 3200, "about three quarters first to a, was " + a);
    }

    @Test
    void withoutRoutesEverythingGoesToTheDefaultCarrier() {
        assertEquals(List.of("a"), new Router(Map.of(), "a", CARRIERS, new Random()).route("1555"));
    }

    @Test
    void aRouteToAnUnknownCarrierStopsStartUp() {
        assertThrows(IllegalArgumentException.class, () -> new Router(Map.of("44", "zz"), "a", CARRIERS, new Random()));
    }
}
