package dev.sealedsms.simulator.smsc;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The write side of one accepted connection, so the simulator can end a link the way a real SMSC
 * going down does: what was written before {@link #shut()} reaches the ESME, then FIN, and nothing
 * after. jSMPP writes one PDU per {@code write}; a write after the shut is dropped (never a partial
 * PDU), and if it was a {@code submit_sm_resp} its message id is remembered, so the SMSC knows
 * exactly which accepted submits the ESME never learned of. The link is not closed here: closing
 * with unread input would send RST, and the ESME's stack could drop responses it already had.
 */
final class LinkGate extends OutputStream {

    private static final int SUBMIT_SM_RESP = 0x80000004;
    private static final int HEADER = 16;

    private final Socket socket;
    private final OutputStream out;
    private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
    private boolean shut;

    LinkGate(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (!shut) {
            out.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (!shut) {
            out.write(b, off, len);
            return;
        }
        if (len > HEADER && readInt(b, off + 4) == SUBMIT_SM_RESP) {
            int end = off + HEADER;
            while (end < off + len && b[end] != 0) {
                end++;
            }
            unanswered.add(new String(b, off + HEADER, end - off - HEADER, StandardCharsets.ISO_8859_1));
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!shut) {
            out.flush();
        }
    }

    /** From now on nothing more is written; FIN follows what was. */
    synchronized void shut() {
        if (shut) {
            return;
        }
        shut = true;
        try {
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            // Already gone.
        }
    }

    /** True when the submit_sm_resp carrying {@code messageId} was dropped after the shut. */
    boolean dropped(String messageId) {
        return unanswered.contains(messageId);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }
}
