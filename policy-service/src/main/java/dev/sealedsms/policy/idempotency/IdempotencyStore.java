package dev.sealedsms.policy.idempotency;

import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What this replica remembers of {@code Idempotency-Key}s: per client and key, the fingerprint of
 * the request and its result, for a bounded time and number of keys. Concurrent requests with the
 * same key share one execution: the first runs it, the others wait for its result. A result that is
 * not final (see {@code isFinal}) is handed to those waiting and then forgotten, so a later retry
 * is decided anew. Message ids derive from client and key alone ({@link #messageId}), so a key that
 * reaches another replica, or outlives this memory, still names the same message. Plain Java.
 */
public final class IdempotencyStore {

    /** A key is 1 to 255 visible ASCII characters. */
    public static final int MAX_KEY_LENGTH = 255;

    private final Duration ttl;
    private final int maxKeys;
    private final Supplier<Long> nanoClock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** The same key was used for a different request. */
    public static final class KeyReusedException extends RuntimeException {
        KeyReusedException() {
            super("Idempotency-Key reused with a different request", null, false, false);
        }
    }

    private record Entry(String fingerprint, long expiresAtNanos, CompletableFuture<Object> result) {
    }

    public IdempotencyStore(Duration ttl, int maxKeys) {
        this(ttl, maxKeys, System::nanoTime);
    }

    IdempotencyStore(Duration ttl, int maxKeys, Supplier<Long> nanoClock) {
        this.ttl = ttl;
        this.maxKeys = maxKeys;
        this.nanoClock = nanoClock;
    }

    /** True when {@code key} is an acceptable Idempotency-Key. */
    public static boolean isValidKey(String key) {
        return key != null && !key.isEmpty() && key.length() <= MAX_KEY_LENGTH
                && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** The message id of {@code client}'s request under {@code key} (and {@code part}, for batch items). */
    public static String messageId(String client, String key, String part) {
        return UUID.nameUUIDFromBytes(("idempotency-key\n" + client + "\n" + key + "\n" + part)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Runs {@code action} once for ({@code client}, {@code key}); a repeat with the same fingerprint
     * gets the same result, a repeat with another fails with {@link KeyReusedException}.
     */
    public <T> Uni<T> execute(String client, String key, String fingerprint, Supplier<Uni<T>> action,
            Predicate<T> isFinal) {
        String id = client + "\n" + key;
        long now = nanoClock.get();
        Entry mine = new Entry(fingerprint, now + ttl.toNanos(), new CompletableFuture<>());
        Entry existing;
        synchronized (entries) {
            evict(now);
            existing = entries.get(id);
            if (existing == null) {
                entries.put(id, mine);
            }
        }
        if (existing != null) {
            if (!existing.fingerprint().equals(fingerprint)) {
                return Uni.createFrom().failure(new KeyReusedException());
            }
            return shared(existing);
        }
        action.get().subscribe().with(result -> {
            if (!isFinal.test(result)) {
                forget(id, mine);
            }
            mine.result().complete(result);
        }, failure -> {
            forget(id, mine);
            mine.result().completeExceptionally(failure);
        });
        return shared(mine);
    }

    /**
     * The entry's result for one caller. Each gets its own copy of the shared future: a caller that
     * goes away (its client timed out, Mutiny cancels) cancels only its copy, never the result the
     * others, and every later retry under the key, are waiting for.
     */
    @SuppressWarnings("unchecked")
    private static <T> Uni<T> shared(Entry entry) {
        return Uni.createFrom().completionStage(() -> (CompletableFuture<T>) entry.result().copy());
    }

    /** Keys remembered now. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void forget(String id, Entry entry) {
        synchronized (entries) {
            entries.remove(id, entry);
        }
    }

    /** Entries are in insertion order, so expired ones and the overflow are at the front. */
    private void evict(long now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (entries.size() >= maxKeys || e.expiresAtNanos() - now <= 0) {
                it.remove();
            } else {
                return;
            }
        }
    }
}
