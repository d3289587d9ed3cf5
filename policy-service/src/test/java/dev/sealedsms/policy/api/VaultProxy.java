package dev.sealedsms.policy.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the real OpenBao, so a test can make Vault fail the way a network does:
 * {@link Mode#PASS} forwards every byte; {@link Mode#HOLD} keeps connections open but forwards
 * nothing until the mode changes (Vault stalls; held replies then arrive in one burst);
 * {@link Mode#REFUSE} drops every connection and every new one at once (Vault unreachable, so the
 * Vault client's circuit breaker opens). Nothing is faked: the bytes that pass are Vault's own.
 */
final class VaultProxy implements AutoCloseable {

    /** What the proxy does with traffic now. */
    enum Mode {
        PASS, HOLD, REFUSE
    }

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    private VaultProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("vault-proxy-accept").start(this::acceptLoop);
    }

    /** A proxy on a free loopback port in front of {@code vaultAddress} ({@code http://host:port}). */
    static VaultProxy start(String vaultAddress) {
        URI uri = URI.create(vaultAddress);
        try {
            return new VaultProxy(new InetSocketAddress(uri.getHost(), uri.getPort()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Vault proxy", e);
        }
    }

    /** The address to give the service instead of Vault's. */
    String address() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Switches the fault; {@link Mode#REFUSE} also drops the connections open now. */
    void mode(Mode next) {
        synchronized (gate) {
            mode = next;
            gate.notifyAll();
        }
        if (next == Mode.REFUSE) {
            open.forEach(VaultProxy::closeQuietly);
        }
    }

    @Override
    public void close() {
        closed = true;
        mode(Mode.REFUSE);
        closeQuietly(server);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (mode == Mode.REFUSE) {
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().name("vault-proxy-conn").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket vault = new Socket();
        try {
            vault.connect(upstream, 2_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(vault);
            return;
        }
        open.add(client);
        open.add(vault);
        Thread.ofVirtual().name("vault-proxy-up").start(() -> pump(client, vault));
        pump(vault, client);
    }

    /** Copies {@code from} to {@code to} while the mode lets bytes through; closes both at the end. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!awaitPassing()) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side or the proxy closed the connection: end of this connection
        } finally {
            open.remove(from);
            open.remove(to);
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Waits while the proxy holds traffic; false when it refuses. */
    private boolean awaitPassing() {
        synchronized (gate) {
            while (mode == Mode.HOLD) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return mode == Mode.PASS;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a socket that is already gone
        }
    }
}
