package dev.sealedsms.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void nextPortCanBeBoundOnLoopback() throws Exception {
        int port = FreePorts.next();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(socket.isBound());
        }
    }

    @Test
    void pairLeavesTheFollowingPortFreeToo() {
        int port = FreePorts.nextPair();

        assertTrue(FreePorts.isFree(port), "port " + port);
        assertTrue(FreePorts.isFree(port + 1), "port " + (port + 1));
    }

    @Test
    void aListeningPortIsNeitherFreeNorRefusing() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();

            assertFalse(FreePorts.isFree(port));
            assertTrue(FreePorts.accepts("127.0.0.1", port, 1000));
        }
    }

    @Test
    void aClosedPortRefusesConnections() {
        int port = FreePorts.next();

        assertFalse(FreePorts.accepts("127.0.0.1", port, 1000));
    }
}
