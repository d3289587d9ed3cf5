package dev.sealedsms.dispatch.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Routes by destination prefix (E.164 digits without '+'; a country code is a prefix) to an ordered
 * list of carriers with weights. The longest matching prefix wins, {@code *} is the default. Per
 * message the first carrier is drawn by weight; the others follow in their configured order, as
 * the failover sequence.
 */
public final class Router {

    /** One carrier of a route and its share of the traffic. */
    public record Choice(String carrier, int weight) {
    }

    private final TreeMap<String, List<Choice>> routes = new TreeMap<>(Comparator.reverseOrder());
    private final RandomGenerator random;

    /**
     * @param table          prefix → "carrierA:3,carrierB:1" (weight defaults to 1)
     * @param defaultCarrier used when no route matches and there is no {@code *}
     * @param known          carrier names that exist; a route naming another stops start-up
     */
    public Router(Map<String, String> table, String defaultCarrier, java.util.Set<String> known, RandomGenerator random) {
        this.random = random;
        table.forEach((prefix, spec) -> routes.put(prefix.replace("+", "").replace("\"", ""), parse(prefix, spec, known)));
        routes.putIfAbsent("*", List.of(new Choice(defaultCarrier, 1)));
    }

    private static List<Choice> parse(String prefix, String spec, java.util.Set<String> known) {
        List<Choice> out = new ArrayList<>();
        for (String item : spec.split(",")) {
            String[] kv = item.trim().split(":");
            String name = kv[0].trim();
            int weight = kv.length > 1 ? Integer.parseInt(kv[1].trim()) : 1;
            if (!known.contains(name) || weight < 0) {
                throw new IllegalArgumentException("route " + prefix + " names unknown carrier '" + name
                        + "' or a negative weight; carriers are " + known);
            }
            out.add(new Choice(name, weight));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("route " + prefix + " lists no carrier");
        }
        return List.copyOf(out);
    }

    /** Carriers to try for {@code destinationDigits}, first choice first. */
    public List<String> route(String destinationDigits) {
        List<Choice> choices = null;
        for (var e : routes.entrySet()) {
            if (!e.getKey().equals("*") && destinationDigits.startsWith(e.getKey())) {
                choices = e.getValue();
                break;
            }
        }
        if (choices == null) {
            choices = routes.get("*");
        }
        int total = choices.stream().mapToInt(Choice::weight).sum();
        int first = 0;
        if (total > 0 && choices.size() > 1) {
            int pick = random.nextInt(total);
            for (int i = 0; i < choices.size(); i++) {
                pick -= choices.get(i).weight();
                if (pick < 0) {
                    first = i;
                    break;
                }
            }
        }
        List<String> order = new ArrayList<>(choices.size());
        order.add(choices.get(first).carrier());
        for (int i = 0; i < choices.size(); i++) {
            if (i != first) {
                order.add(choices.get(i).carrier());
            }
        }
        return order;
    }
}
