package dev.sealedsms.policy.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which callback URLs the service may call, checked at registration and again (addresses) before
 * every attempt, against server-side request forgery: https only, no user info, and no host that
 * resolves to a loopback, link-local (cloud metadata), multicast, unspecified or, unless allowed, a
 * private address. Re-checking resolved addresses before each attempt catches a name re-pointed
 * after registration; the HTTP client resolves once more itself, a small window this cannot close.
 */
public final class CallbackUrls {

    static final int MAX_LENGTH = 2048;

    private final Set<String> insecureHosts;
    private final boolean allowPrivate;

    public CallbackUrls(List<String> insecureHosts, boolean allowPrivate) {
        this.insecureHosts = Set.copyOf(insecureHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
        this.allowPrivate = allowPrivate;
    }

    /** A URL that failed a rule; the message names the rule, safe to show the client. */
    public static final class NotAllowed extends Exception {
        NotAllowed(String message) {
            super(message, null, false, false);
        }
    }

    /** Checks form and resolved addresses; returns the normalised URI. */
    public URI check(String url) throws NotAllowed {
        if (url == null || url.isBlank()) {
            throw new NotAllowed("'url' is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw new NotAllowed("'url' is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url).normalize();
        } catch (URISyntaxException e) {
            throw new NotAllowed("'url' is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || !uri.isAbsolute() || uri.isOpaque()) {
            throw new NotAllowed("'url' must be an absolute https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new NotAllowed("'url' must not carry user info");
        }
        if (uri.getRawFragment() != null) {
            throw new NotAllowed("'url' must not have a fragment");
        }
        boolean insecureAllowed = insecureHosts.contains(stripBrackets(host));
        if (!scheme.equals("https") && !(scheme.equals("http") && insecureAllowed)) {
            throw new NotAllowed("'url' must use https");
        }
        checkAddresses(host);
        return uri;
    }

    /** Resolves {@code host} and refuses it when any address is one the service must not call. */
    public void checkAddresses(String host) throws NotAllowed {
        String bare = stripBrackets(host.toLowerCase(Locale.ROOT));
        if (insecureHosts.contains(bare)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new NotAllowed("the host of 'url' does not resolve");
        }
        for (InetAddress a : addresses) {
            if (forbidden(a)) {
                throw new NotAllowed("the host of 'url' resolves to a loopback, link-local, private or other "
                        + "non-public address");
            }
        }
    }

    private boolean forbidden(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        return !allowPrivate && isPrivate(a);
    }

    private static boolean isPrivate(InetAddress a) {
        if (a.isSiteLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 100.64.0.0/10 (carrier-grade NAT) and 0.0.0.0/8.
            return (first == 100 && second >= 64 && second < 128) || first == 0;
        }
        if (a instanceof Inet6Address) {
            // fc00::/7 unique local addresses.
            return (b[0] & 0xfe) == 0xfc;
        }
        return false;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
