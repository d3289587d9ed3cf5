package dev.sealedsms.simulator.smsc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;

/**
 * jSMPP's stock factory listens on every interface and cannot say which port 0 resolved to; this one
 * binds the configured host and remembers the real port.
 */
final class ListeningSocket implements ServerConnectionFactory {

    private static final int BACKLOG = 50;

    private final InetAddress host;
    private volatile ServerSocket socket;
    private volatile LinkGate lastAccepted;

    ListeningSocket(InetAddress host) {
        this.host = host;
    }

    @Override
    public ServerConnection listen(int port) throws IOException {
        return listen(port, 0, BACKLOG);
    }

    @Override
    public ServerConnection listen(int port, int timeout) throws IOException {
        return listen(port, timeout, BACKLOG);
    }

    @Override
    public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            // Lets a restarted simulator take its fixed port back while old connections sit in TIME_WAIT.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port), backlog);
            s.setSoTimeout(timeout);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        return new ServerSocketConnection(s) {
            @Override
            public org.jsmpp.session.connection.Connection accept() throws IOException {
                java.net.Socket accepted = s.accept();
                LinkGate gate = new LinkGate(accepted);
                lastAccepted = gate;
                return new org.jsmpp.session.connection.socket.SocketConnection(accepted) {
                    @Override
                    public java.io.OutputStream getOutputStream() {
                        return gate;
                    }
                };
            }
        };
    }

    /**
     * The write side of the connection accepted last. The simulator accepts on one thread, so right
     * after {@code SMPPServerSessionListener.accept()} returns this is that session's.
     */
    LinkGate lastAccepted() {
        return lastAccepted;
    }

    int localPort() {
        ServerSocket s = socket;
        return s == null ? -1 : s.getLocalPort();
    }

    boolean isOpen() {
        ServerSocket s = socket;
        return s != null && s.isBound() && !s.isClosed();
    }
}
