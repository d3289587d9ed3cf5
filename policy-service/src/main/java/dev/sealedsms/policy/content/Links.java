package dev.sealedsms.policy.content;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link rule ({@code link-allow-list}). It reads the {@link TextFolding#normalize normalized}
 * body, so full-width letters, other scripts' digits and invisible characters do not hide a link,
 * and refuses, in this order:
 * <ul>
 * <li>a link with any scheme but {@code http} or {@code https} ({@code SCHEME}): any {@code name://},
 * and the schemes that act without one when tapped ({@code javascript:}, {@code data:},
 * {@code intent:}, {@code file:}, {@code mailto:} and others, see {@link #OPAQUE_SCHEMES}); a text
 * message has no use for them and several run code or open an app;
 * <li>a link to an IP literal rather than a name ({@code IP_LITERAL}): dotted IPv4, a bracketed IPv6,
 * and the decimal, hex and octal spellings browsers also accept ({@code http://3325256727/},
 * {@code http://0xc6.0x33.0x64.0x17/}). No legitimate sender links to a bare address;
 * <li>a host with non-Latin look-alike letters or punycode ({@code xn--}) ({@code LOOKALIKE}), checked
 * before the allow-list so the look-alike is caught rather than folded into the domain it imitates;
 * <li>a known URL shortener ({@code SHORTENER}) unless explicitly allowed: it hides the target;
 * <li>when the tenant sets {@code linkDomains}, any other host outside them ({@code NOT_ALLOWED}).
 * </ul>
 * Without {@code linkDomains} the first four still hold: that is the default policy.
 */
public final class Links {

    /** What is wrong with a link. */
    public enum Problem {
        NOT_ALLOWED, LOOKALIKE, SHORTENER, SCHEME, IP_LITERAL
    }

    /** Hosts whose only purpose is to hide where a link goes (and their subdomains). */
    static final Set<String> SHORTENERS = Set.of("bit.ly", "bit.do", "tinyurl.com", "t.co", "goo.gl", "ow.ly",
            "is.gd", "buff.ly", "rebrand.ly", "cutt.ly", "shorturl.at", "tiny.cc", "t.ly", "rb.gy", "s.id", "v.gd",
            "bl.ink", "j.mp", "lnkd.in", "adf.ly", "shorte.st", "tr.im", "x.co", "po.st", "u.to", "qr.ae", "clck.ru",
            "surl.li", "tiny.one", "t2m.io", "snip.ly", "1url.com", "2.gp", "shrtco.de", "kutt.it", "urlz.fr");
    /** Generic top-level domains seen in SMS; any two-letter country code counts too. */
    private static final Set<String> GENERIC_TLDS = Set.of("com", "net", "org", "info", "biz", "app", "dev", "io",
            "xyz", "online", "site", "shop", "link", "click", "top", "live", "bank", "store", "club");
    /** A scheme, or labels of letters, digits and '-' joined by dots; Unicode letters included on purpose. */
    private static final Pattern HOST = Pattern.compile(
            "(?:(https?)://)?((?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+[\\p{L}-]{2,63})");
    /** {@code scheme:} (RFC 3986: a letter, then letters, digits, '+', '-', '.') and what follows it. */
    private static final Pattern SCHEME = Pattern.compile("(?<![\\p{L}\\p{N}+.-])([a-z][a-z0-9+.-]{0,31}):(//)?(?=\\S)");
    /**
     * Schemes that are links without a "//" and act when tapped: run code, open an app, a file or a
     * wallet. A word before a colon ("note:x") is not one of them; any scheme written with "//" is a
     * link. {@code tel:} and {@code sms:} are left out: "Tel:0800 123 4567" is how SMS write a phone
     * number, which a handset links anyway; {@code data:} counts only with a media type or a comma
     * ("data:text/html,..."), not in "Data:5GB left".
     */
    private static final Set<String> OPAQUE_SCHEMES = Set.of("javascript", "vbscript", "livescript", "blob", "file",
            "mailto", "facetime", "facetime-audio", "skype", "intent", "market", "itms", "itms-apps",
            "itms-services", "magnet", "bitcoin", "ethereum", "whatsapp", "tg", "viber", "chrome", "view-source",
            "jar", "ms-settings", "ms-msdt", "search-ms", "webcal", "ldap");
    private static final Pattern DATA_URL = Pattern.compile("(?<![\\p{L}\\p{N}+.-])data:(?:[a-z]+/[a-z0-9.+-]+|[;,])");
    /** The host of a schemed link: after "//" and any user info, up to the port, path, query or end. */
    private static final Pattern AUTHORITY = Pattern.compile("[a-z][a-z0-9+.-]*://(?:[^/?#\\s@]*@)?(\\[[^\\]\\s]*\\]|[^/?#:\\s]+)");
    /** A host spelled as numbers: 1 to 4 dot-separated decimal, octal or hex parts (inet_aton's forms). */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?:0x[0-9a-f]*|[0-9]+)(?:\\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\\.?");
    /** A dotted-quad IPv4 address standing on its own in text. */
    private static final Pattern BARE_IPV4 = Pattern.compile(
            "(?<![0-9.])((?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})(?:\\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){3})(?![0-9]|\\.[0-9])");
    /** A bracketed IPv6 literal, as in "[2001:db8::1]". */
    private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[[0-9a-f]{0,4}(?::[0-9a-f.]{0,4}){2,8}(?:%[^\\]\\s]*)?\\]");

    private Links() {
    }

    /**
     * The first problem with the links in {@code text}, or empty when every link is allowed.
     * {@code allowedDomains} empty: any domain that is not a shortener or a look-alike.
     */
    public static Optional<Problem> check(String text, Optional<List<String>> allowedDomains) {
        String normalized = TextFolding.normalize(text);
        List<String> allowed = allowedDomains.orElse(List.of());
        String folded = TextFolding.fold(normalized);
        if (DATA_URL.matcher(folded).find()) {
            return Optional.of(Problem.SCHEME);
        }
        Matcher s = SCHEME.matcher(folded);
        while (s.find()) {
            String scheme = s.group(1);
            boolean slashes = s.group(2) != null;
            if (!scheme.equals("http") && !scheme.equals("https") && (slashes || OPAQUE_SCHEMES.contains(scheme))) {
                return Optional.of(Problem.SCHEME);
            }
        }
        if (hasIpLiteral(normalized)) {
            return Optional.of(Problem.IP_LITERAL);
        }
        Matcher m = HOST.matcher(normalized);
        while (m.find()) {
            String host = m.group(2);
            boolean schemed = m.group(1) != null;
            // Decide "is this a link" on the folded form, so "аcme.сom" counts as one.
            String foldedHost = TextFolding.fold(host);
            String tld = foldedHost.substring(foldedHost.lastIndexOf('.') + 1);
            if (!schemed && !foldedHost.startsWith("www.") && !isTld(tld)) {
                continue; // "e.g.", "Mr.Smith", a Greek sentence without a space: not a link
            }
            if (TextFolding.hasLookalikes(host) || !host.chars().allMatch(c -> c < 128) || host.contains("xn--")) {
                return Optional.of(Problem.LOOKALIKE);
            }
            if (within(host, allowed)) {
                continue;
            }
            if (within(host, SHORTENERS)) {
                return Optional.of(Problem.SHORTENER);
            }
            if (allowedDomains.isPresent()) {
                return Optional.of(Problem.NOT_ALLOWED);
            }
        }
        return Optional.empty();
    }

    private static boolean hasIpLiteral(String normalized) {
        if (BARE_IPV4.matcher(normalized).find() || BRACKETED_IPV6.matcher(normalized).find()) {
            return true;
        }
        Matcher a = AUTHORITY.matcher(normalized);
        while (a.find()) {
            String host = a.group(1);
            if (host.startsWith("[") || NUMERIC_HOST.matcher(host).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTld(String tld) {
        return (tld.length() == 2 && tld.chars().allMatch(Character::isLetter)) || GENERIC_TLDS.contains(tld);
    }

    private static boolean within(String host, java.util.Collection<String> domains) {
        for (String d : domains) {
            if (host.equals(d) || host.endsWith("." + d)) {
                return true;
            }
        }
        return false;
    }
}
