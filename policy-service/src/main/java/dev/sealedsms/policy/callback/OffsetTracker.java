package dev.sealedsms.policy.callback;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which consumed offsets may be committed: a record counts as done ("settled") once its callback
 * was delivered, abandoned, not needed, or handed to the retry topic and acknowledged there. The
 * committable offset of a partition is its lowest unsettled offset, so a restart resumes at the
 * first callback not yet safe, and callbacks settled out of order never let an earlier one be lost.
 * Thread-safe: records are tracked by the consumer thread and settled by delivery threads.
 */
final class OffsetTracker {

    private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();

    synchronized void track(TopicPartition tp, long offset) {
        pending.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
        next.merge(tp, offset + 1, Math::max);
    }

    synchronized void settle(TopicPartition tp, long offset) {
        TreeSet<Long> p = pending.get(tp);
        if (p != null) {
            p.remove(offset);
        }
    }

    /** The offset to commit per partition seen so far. */
    synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        next.forEach((tp, n) -> {
            TreeSet<Long> p = pending.get(tp);
            out.put(tp, new OffsetAndMetadata(p == null || p.isEmpty() ? n : p.first()));
        });
        return out;
    }

    /** Unsettled records across partitions. */
    synchronized int pendingCount() {
        return pending.values().stream().mapToInt(TreeSet::size).sum();
    }

    /** Partitions given to another replica: their late settlements are ignored. */
    synchronized void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            pending.remove(tp);
            next.remove(tp);
        });
    }
}
