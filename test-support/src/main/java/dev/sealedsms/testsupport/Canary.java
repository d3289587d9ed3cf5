package dev.sealedsms.testsupport;

import java.util.UUID;

/**
 * Unique canary texts for privacy checks: a prefix and a random UUID written in letters only. A
 * UUID's digits, with its dashes, can look like a card number grouped by dashes (and pass Luhn one
 * time in ten), which the policy rightly refuses; letters never do.
 */
public final class Canary {

    private Canary() {
    }

    /** {@code prefix} followed by 32 random letters a to p. */
    public static String text(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        for (char c : UUID.randomUUID().toString().replace("-", "").toCharArray()) {
            sb.append((char) ('a' + Character.digit(c, 16)));
        }
        return sb.toString();
    }
}
