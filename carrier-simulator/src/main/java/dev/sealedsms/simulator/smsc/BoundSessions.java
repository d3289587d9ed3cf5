package dev.sealedsms.simulator.smsc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.BindType;
import org.jsmpp.session.SMPPServerSession;

/**
 * Sessions whose bind was accepted, with the system_id they bound as. A session is registered just
 * before its bind_resp goes out, so a submit_sm that follows immediately always finds its account.
 */
final class BoundSessions {

    record Bound(SMPPServerSession session, String systemId, BindType bindType) {
    }

    private final Map<SMPPServerSession, Bound> bySession = new ConcurrentHashMap<>();
    private final AtomicInteger roundRobin = new AtomicInteger();

    void add(SMPPServerSession session, String systemId, BindType bindType) {
        bySession.put(session, new Bound(session, systemId, bindType));
    }

    void remove(SMPPServerSession session) {
        bySession.remove(session);
    }

    Optional<Bound> get(SMPPServerSession session) {
        return Optional.ofNullable(bySession.get(session));
    }

    /** A session of {@code systemId} that can take a deliver_sm now (receiver or transceiver), rotating among them. */
    Optional<SMPPServerSession> receiverFor(String systemId) {
        List<SMPPServerSession> receivers = bySession.values().stream()
                .filter(b -> b.systemId().equals(systemId) && b.bindType().isReceivable())
                .map(Bound::session)
                .filter(s -> s.getSessionState().isReceivable())
                .toList();
        if (receivers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(receivers.get(Math.floorMod(roundRobin.getAndIncrement(), receivers.size())));
    }

    int count() {
        return bySession.size();
    }

    List<Bound> snapshot() {
        return List.copyOf(bySession.values());
    }
}
