package dev.sealedsms.policy.vertx;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Blocking calls (a Vault HMAC, a wait on the idempotency ledger) for code that runs on a request's
 * Vert.x context, and the way back to that context.
 *
 * <p>Why not {@code Infrastructure.getDefaultWorkerPool()}: Quarkus runs its worker-pool tasks
 * <em>on the submitter's duplicated Vert.x context</em>, and the CDI request context of an HTTP
 * request lives in that context's locals, not in a thread. A batch that sent its items' Kafka
 * records from several worker threads and the event loop at once had those threads activate,
 * replace and (SmallRye's connector context propagation) destroy request-context states in the one
 * shared slot; when the request's own state had been destroyed, writing the response threw
 * {@code ContextNotActiveException} and the client got 500 for items already accepted (DESIGN.md,
 * "No 5xx after an item was accepted"). Here the blocking part runs on threads of this class, which
 * carry no Vert.x context, and the result is handed back on the caller's context, so everything
 * that touches Kafka, CDI or the response runs on the request's event loop, one step at a time.
 */
@ApplicationScoped
public class BlockingCalls {

    /** As many as Quarkus's own worker pool allows by default ({@code quarkus.thread-pool.max-threads}). */
    static final int THREADS = 200;

    private final ThreadPoolExecutor threads;

    public BlockingCalls() {
        AtomicInteger count = new AtomicInteger();
        threads = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "policy-blocking-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        threads.allowCoreThreadTimeOut(true);
    }

    void stop(@Observes ShutdownEvent event) {
        threads.shutdownNow();
    }

    /**
     * {@code work} run on a thread without a Vert.x context; its result or failure is delivered on
     * the Vert.x context of whoever subscribes (directly, when there is none).
     */
    public <T> Uni<T> call(Supplier<T> work) {
        return onCallerContext(Uni.createFrom().item(work).runSubscriptionOn(threads));
    }

    /**
     * {@code uni}, whose result may arrive on any thread, delivered on the Vert.x context of whoever
     * subscribes (directly, when there is none).
     */
    public static <T> Uni<T> onCallerContext(Uni<T> uni) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            return caller == null ? uni : uni.emitOn(on(caller));
        });
    }

    private static Executor on(Context context) {
        return task -> context.runOnContext(ignored -> task.run());
    }
}
