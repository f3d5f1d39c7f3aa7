package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rule 2.8: {@code submit} and {@code run} on the runtime and on queues return futures
 * completed with the job's result or failure, whose default executor stays on the runtime (never
 * {@code ForkJoinPool.commonPool()}).
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class FutureTck extends ThrTck {

    /** For subclasses. */
    protected FutureTck() {
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean onCommonPool() {
        return Thread.currentThread().getName().startsWith("ForkJoinPool.commonPool");
    }

    /**
     * SPEC rule 2.8: the runtime's and a queue's {@code submit} complete with the result, on a
     * worker or on the queue.
     *
     * <p>If this fails: complete the future from the job's own run.
     *
     * @throws Exception if a future failed
     */
    @Test
    public void required_r2_8_submitCompletesWithTheResult() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r2-8");
        assertEquals(-1, thr.workerIndex(), "the test thread is off the pool");
        assertTrue(get(thr.submit(() -> thr.workerIndex() >= 0)), "submit ran off the pool");
        assertTrue(get(queue.submit(queue::isCurrent)), "queue submit ran off the queue");
        assertNull(get(queue.run(() -> {
        })));
        assertNull(get(thr.submit(() -> null)));
    }

    /**
     * SPEC rule 2.8: a failing job completes the future exceptionally with the very exception.
     *
     * <p>If this fails: pass the job's throwable to {@code completeExceptionally} unwrapped.
     */
    @Test
    public void required_r2_8_submitCompletesExceptionallyWithTheFailure() {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r2-8-failure");
        IOException io = new IOException("io");
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(thr.submit(() -> {
            throw io;
        })));
        assertSame(io, e.getCause());
        IllegalStateException ise = new IllegalStateException("ise");
        e = assertThrows(ExecutionException.class, () -> get(queue.run(() -> {
            throw ise;
        })));
        assertSame(ise, e.getCause());
    }

    /**
     * SPEC rule 2.8: {@code thenApplyAsync} without an executor, on the runtime's future and on
     * the futures it derives, runs on a runtime worker, never on a common-pool thread.
     *
     * <p>If this fails: return a {@code CompletableFuture} subclass whose
     * {@code defaultExecutor()} is the runtime and whose {@code newIncompleteFuture()} keeps it.
     *
     * @throws Exception if a future failed
     */
    @Test
    public void required_r2_8_defaultExecutorStaysOnTheRuntime() throws Exception {
        Thr thr = newThr(config().parallelism(1).build());
        for (int i = 0; i < 50; i++) {
            CompletableFuture<String> chained = thr.submit(() -> "x")
                    .thenApplyAsync(s -> {
                        assertFalse(onCommonPool(), "ran on " + Thread.currentThread());
                        return s + (thr.workerIndex() >= 0 ? "w" : "?");
                    })
                    .thenApplyAsync(s -> s + (thr.workerIndex() >= 0 ? "w" : "?"))
                    .thenCombineAsync(CompletableFuture.completedFuture("!"),
                            (a, b) -> a + (thr.workerIndex() >= 0 ? b : "?"));
            assertEquals("xww!", get(chained), "an async stage ran off the runtime's workers");
        }
    }

    /**
     * SPEC rule 2.8: a queue's future runs its async stages on that queue; the main queue's on
     * the main thread.
     *
     * <p>If this fails: a queue's future must use the queue's executor as default executor.
     *
     * @throws Exception if a future failed
     */
    @Test
    public void required_r2_8_queueFutureAsyncStagesRunOnTheQueue() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r2-8-queue");
        assertEquals(Boolean.TRUE, get(queue.submit(() -> 1).thenApplyAsync(x -> queue.isCurrent())));

        AtomicReference<Thread> stage = new AtomicReference<>();
        CompletableFuture<Void> main = thr.mainQueue().submit(() -> "m")
                .thenAcceptAsync(s -> stage.set(Thread.currentThread()));
        assertTrue(thr.mainQueue().runUntil(main::isDone, TIMEOUT), "the main queue's stage never ran");
        assertSame(Thread.currentThread(), stage.get());
    }

    /**
     * SPEC rules 2.8 and 2.7: null jobs throw {@link NullPointerException} and nothing is posted.
     *
     * <p>If this fails: check the argument before posting.
     */
    @Test
    public void required_r2_8_nullJobThrowsNpe() {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r2-8-null");
        assertThrows(NullPointerException.class, () -> thr.submit(null));
        assertThrows(NullPointerException.class, () -> queue.submit(null));
        assertThrows(NullPointerException.class, () -> queue.run(null));
        assertEquals(0, queue.pending());
    }
}
