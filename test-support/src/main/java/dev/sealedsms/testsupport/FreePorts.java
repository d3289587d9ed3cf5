package dev.sealedsms.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Free TCP ports on the loopback interface, for servers that must be told their port up front
 * (OpenBao, the carrier simulator). A port is free when asked; another process may still take it
 * before the server binds, so callers that can retry on a bind failure should.
 */
public final class FreePorts {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int ATTEMPTS = 50;

    private FreePorts() {
    }

    /** A port that is free on 127.0.0.1 right now. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open any port on " + LOOPBACK.getHostAddress(), e);
        }
    }

    /**
     * A port {@code p} such that {@code p} and {@code p + 1} are both free: OpenBao's dev server
     * puts its cluster listener on the port after its API port.
     */
    public static int nextPair() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = next();
            if (port < 65535 && isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two adjacent free ports on " + LOOPBACK.getHostAddress()
                + " after " + ATTEMPTS + " attempts");
    }

    /** Whether nothing listens on {@code port} of 127.0.0.1 and it can be bound. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
            return true;
        } catch (IOException bindFailed) {
            return false;
        }
    }

    /** Whether a TCP connection to {@code host:port} is accepted within {@code timeoutMillis}. */
    public static boolean accepts(String host, int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
