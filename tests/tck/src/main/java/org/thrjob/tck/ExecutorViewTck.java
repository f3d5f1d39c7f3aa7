package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rules 2.8 and 2.9: {@code submit} futures complete with the job's outcome and keep their
 * async stages on the runtime; {@code executor()} views post to their runtime or queue and reject
 * after close with a {@link RejectedJobException}.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class ExecutorViewTck extends ThrTck {

    /** For providers' test classes. */
    protected ExecutorViewTck() {
    }

    /**
     * SPEC rule 2.8: {@code thr.submit} and {@code queue.submit} complete with the job's result
     * (the queue's job running on the queue), and {@code queue.run} with null.
     *
     * <p>If this fails: the future must be completed from inside the posted job with what the
     * callable returned.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_8_submitCompletesWithTheJobsResult() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("submit");
        assertEquals(42, thr.submit(() -> 42).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(Boolean.TRUE, queue.submit(queue::isCurrent).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                "isCurrent() inside a job submitted to the queue");
        int[] plain = new int[1];
        assertNull(queue.run(() -> plain[0] = 3).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(3, plain[0], "a plain write of the job, read after its future completed");
    }

    /**
     * SPEC rule 2.8: a submitted job that throws completes its future exceptionally with that very
     * exception, and (per {@code submit}'s contract) the failure goes to the future, not to the
     * failure handler.
     *
     * <p>If this fails: catch the callable's failure inside the job and complete the future with
     * it, instead of letting it reach the worker's failure path.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_8_submitCompletesExceptionallyWithTheJobsFailure() throws Exception {
        Tck1Support.RecordingHandler handler = new Tck1Support.RecordingHandler();
        Thr thr = newThr(config().failureHandler(handler).build());
        ThrQueue queue = thr.newQueue("submit-fails");
        IllegalStateException boom = new IllegalStateException("submitted job failing on purpose");
        for (CompletableFuture<Object> future : List.of(thr.submit(() -> {
            throw boom;
        }), queue.submit(() -> {
            throw boom;
        }))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertSame(boom, e.getCause(), "the cause of the future's failure");
        }
        Tck1Support.closeWithin(thr);
        assertEquals(List.of(), handler.of(boom), "failures of submitted jobs sent to the handler");
    }

    /**
     * SPEC rule 2.8: the futures' default executor is the runtime or the queue, never the common
     * pool: {@code thenApplyAsync} stages (two in a row) of {@code thr.submit} run on the
     * runtime's workers, and those of {@code queue.submit} run on the queue.
     *
     * <p>If this fails: return a {@code CompletableFuture} subclass whose {@code defaultExecutor()}
     * is the runtime's executor and whose {@code newIncompleteFuture()} keeps it.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_8_asyncStagesStayOnTheRuntime() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("async-stages");
        CompletableFuture<Integer> submitted = thr.submit(() -> 1);
        assertNotSame(ForkJoinPool.commonPool(), submitted.defaultExecutor(), "defaultExecutor()");
        Thread stage = submitted.thenApplyAsync(x -> x + 1)
                .thenApplyAsync(x -> Thread.currentThread())
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(stage.getName().startsWith(thr.name() + "-"), "a second async stage ran on "
                + stage.getName() + ", not on runtime " + thr.name());
        Boolean onQueue = queue.submit(() -> 1)
                .thenApplyAsync(x -> x + 1)
                .thenApplyAsync(x -> queue.isCurrent())
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(Boolean.TRUE, onQueue, "a second async stage of queue.submit ran off the queue");
    }

    /**
     * SPEC rule 2.9: {@code thr.executor()} runs its runnables as unordered jobs on the runtime's
     * workers, and {@code execute(null)} throws {@link NullPointerException} naming the parameter.
     *
     * <p>If this fails: {@code execute(r)} must be {@code schedule(r::run)} after a null check.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_9_runtimeExecutorSchedulesOnTheRuntime() throws Exception {
        Thr thr = newThr();
        Executor executor = thr.executor();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        executor.execute(() -> {
            ranOn.set(Thread.currentThread());
            ran.countDown();
        });
        await(ran, "a runnable given to thr.executor()");
        assertTrue(ranOn.get().getName().startsWith(thr.name() + "-"), "ran on " + ranOn.get().getName());
        NullPointerException e = assertThrows(NullPointerException.class, () -> executor.execute(null));
        Tck1Support.assertNames(e, "command");
    }

    /**
     * SPEC rule 2.9: {@code queue.executor()} posts to the queue: 1,000 runnables from one thread
     * run on the queue, in order.
     *
     * <p>If this fails: the queue's executor must post to that queue, not schedule unordered jobs.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_9_queueExecutorPostsToTheQueueInOrder() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("executor-order");
        Executor executor = queue.executor();
        List<Integer> seen = new ArrayList<>();
        List<Boolean> current = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(1_000);
        for (int i = 0; i < 1_000; i++) {
            int id = i;
            executor.execute(() -> {
                seen.add(id);
                current.add(queue.isCurrent());
                all.countDown();
            });
        }
        await(all, "the runnables");
        for (int i = 0; i < 1_000; i++) {
            assertEquals(i, seen.get(i), "runnable at position " + i);
        }
        assertTrue(current.stream().allMatch(c -> c), "runnables that ran off the queue");
    }

    /**
     * SPEC rule 2.9: after close, the executor views (taken before or after) throw
     * {@link RejectedExecutionException}, and it is a {@link RejectedJobException}: the runtime's
     * after the runtime closed, a queue's after the queue closed.
     *
     * <p>If this fails: the executor must post through the same checked path as {@code post} and
     * let its {@code RejectedJobException} through.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_9_executorsRejectAfterClose() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("executor-closed");
        Executor queueExecutor = queue.executor();
        Tck1Support.within("close of the queue", () -> queue.close());
        RejectedExecutionException fromQueue = assertThrows(RejectedExecutionException.class,
                () -> queueExecutor.execute(() -> { }));
        assertTrue(fromQueue instanceof RejectedJobException, "the queue executor threw " + fromQueue);
        Executor runtimeExecutor = thr.executor();
        Tck1Support.closeWithin(thr);
        for (Executor executor : List.of(runtimeExecutor, thr.executor())) {
            RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> executor.execute(() -> { }));
            assertTrue(e instanceof RejectedJobException, "the runtime executor threw " + e);
            Tck1Support.assertNames(e, thr.name());
        }
    }

    /**
     * SPEC rules 2.9 and 2.4: a runnable given to an executor view that throws is reported like a
     * failed job, with the queue's or the runtime's name.
     *
     * <p>If this fails: the executor's job must go through the ordinary failure path.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_9_failingRunnableIsReported() throws Exception {
        Tck1Support.RecordingHandler handler = new Tck1Support.RecordingHandler();
        Thr thr = newThr(config().failureHandler(handler).build());
        ThrQueue queue = thr.newQueue("executor-fails");
        RuntimeException onRuntime = new RuntimeException("runnable failing on the runtime");
        RuntimeException onQueue = new RuntimeException("runnable failing on the queue");
        thr.executor().execute(() -> {
            throw onRuntime;
        });
        queue.executor().execute(() -> {
            throw onQueue;
        });
        awaitCondition(() -> handler.of(onRuntime).size() == 1 && handler.of(onQueue).size() == 1,
                "both failure reports");
        assertEquals(thr.name(), handler.of(onRuntime).get(0).where());
        assertEquals(queue.name(), handler.of(onQueue).get(0).where());
    }
}
