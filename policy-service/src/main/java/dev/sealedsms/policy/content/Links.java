package dev.sealedsms.policy.content;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link allow-list. Every host-like token in a body is checked: a host is allowed when it is an
 * allowed domain or a subdomain of one. Checked before anything else, so the look-alike is caught
 * rather than folded into the domain it imitates:
 * <ul>
 * <li>a host with non-Latin look-alike letters or punycode ({@code xn--}) is a {@code LOOKALIKE};
 * <li>a known URL shortener is a {@code SHORTENER} unless explicitly allowed (it hides the target);
 * <li>any other host is {@code NOT_ALLOWED}.
 * </ul>
 */
public final class Links {

    /** What is wrong with a link. */
    public enum Problem {
        NOT_ALLOWED, LOOKALIKE, SHORTENER
    }

    /** Hosts whose only purpose is to hide where a link goes. */
    static final Set<String> SHORTENERS = Set.of("bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd",
            "buff.ly", "rebrand.ly", "cutt.ly", "shorturl.at", "tiny.cc", "t.ly", "rb.gy", "s.id", "v.gd", "bl.ink");
    /** Generic top-level domains seen in SMS; any two-letter country code counts too. */
    private static final Set<String> GENERIC_TLDS = Set.of("com", "net", "org", "info", "biz", "app", "dev", "io",
            "xyz", "online", "site", "shop", "link", "click", "top", "live", "bank", "store", "club");
    /** A scheme, or labels of letters, digits and '-' joined by dots; Unicode letters included on purpose. */
    private static final Pattern HOST = Pattern.compile(
            "(?:(https?)://)?((?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+[\\p{L}-]{2,63})");

    private Links() {
    }

    /** The first problem with the links in {@code text}, or empty when every link is allowed. */
    public static Optional<Problem> check(String text, List<String> allowedDomains) {
        String normalized = TextFolding.normalize(text);
        Matcher m = HOST.matcher(normalized);
        while (m.find()) {
            String host = m.group(2);
            boolean schemed = m.group(1) != null;
            // Decide "is this a link" on the folded form, so "аcme.сom" counts as one.
            String folded = TextFolding.fold(host);
            String tld = folded.substring(folded.lastIndexOf('.') + 1);
            if (!schemed && !folded.startsWith("www.") && !isTld(tld)) {
                continue; // "e.g.", "Mr.Smith", a Greek sentence without a space: not a link
            }
            if (TextFolding.hasLookalikes(host) || !host.chars().allMatch(c -> c < 128) || host.contains("xn--")) {
                return Optional.of(Problem.LOOKALIKE);
            }
            if (allowed(host, allowedDomains)) {
                continue;
            }
            return Optional.of(SHORTENERS.contains(host) ? Problem.SHORTENER : Problem.NOT_ALLOWED);
        }
        return Optional.empty();
    }

    private static boolean isTld(String tld) {
        return (tld.length() == 2 && tld.chars().allMatch(Character::isLetter)) || GENERIC_TLDS.contains(tld);
    }

    private static boolean allowed(String host, List<String> allowedDomains) {
        for (String d : allowedDomains) {
            if (host.equals(d) || host.endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }
}
