package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Job;
import org.thrjob.api.Thr;

/**
 * SPEC rules 6.4 and 6.5: {@code blocking(call)} ({@code thr_enter_blocking_syscall}) runs the
 * call on the caller, returns or throws what it did, and keeps the other jobs running meanwhile.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class BlockingTck extends ThrTck {

    /** For subclasses. */
    protected BlockingTck() {
    }

    /**
     * SPEC rule 6.4: {@code blocking} returns the call's result and runs it on the calling thread,
     * from a worker and off the pool.
     *
     * <p>If this fails: {@code blocking} must call the callable itself, on the caller's thread.
     *
     * @throws Exception if {@code blocking} failed
     */
    @Test
    public void required_r6_4_blockingReturnsTheResultOnTheCallingThread() throws Exception {
        Thr thr = newThr();
        Thread caller = Thread.currentThread();
        assertEquals("off-pool", thr.blocking(() -> {
            assertSame(caller, Thread.currentThread());
            return "off-pool";
        }));
        AtomicReference<Object> result = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        thr.schedule(() -> {
            Thread worker = Thread.currentThread();
            result.set(thr.blocking(() -> Thread.currentThread() == worker ? "same thread" : "moved"));
            done.countDown();
        });
        await(done, "blocking on a worker");
        assertEquals("same thread", result.get());
    }

    /**
     * SPEC rule 6.4: the call's exception is thrown unchanged (same instance, checked or not, not
     * wrapped), from a worker and off the pool.
     *
     * <p>If this fails: do not wrap the failure (no {@code ExecutionException}, no
     * {@code JobFailedException}); rethrow it as is.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r6_4_blockingRethrowsUnchanged() throws InterruptedException {
        Thr thr = newThr();
        IOException io = new IOException("disk");
        IllegalStateException ise = new IllegalStateException("state");
        assertSame(io, assertThrows(IOException.class, () -> thr.blocking(() -> {
            throw io;
        })));
        assertSame(ise, assertThrows(IllegalStateException.class, () -> thr.blocking((Job) () -> {
            throw ise;
        })));
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        thr.schedule(() -> {
            try {
                thr.blocking((Callable<Object>) () -> {
                    throw io;
                });
            } catch (Throwable t) {
                seen.set(t);
            }
            done.countDown();
        });
        await(done, "blocking on a worker");
        assertSame(io, seen.get());
    }

    /**
     * SPEC rule 6.4: with one worker, a job blocked inside {@code blocking} on a latch that another
     * job counts down does not deadlock: the runtime keeps a worker running meanwhile.
     *
     * <p>If this fails: {@code blocking} on a worker must compensate (a spare worker, or
     * {@code ForkJoinPool.managedBlock}) so that queued jobs, those in the blocked worker's own
     * deque included, still run.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r6_4_blockedWorkerKeepsOtherJobsRunning() throws InterruptedException {
        Thr thr = newThr(config().parallelism(1).build());
        CountDownLatch latch = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Boolean> released = new AtomicReference<>();
        thr.schedule(() -> {
            // Posted from the job that is about to block: it sits in the blocked worker's own
            // deque, and only another (spare) worker can run it.
            thr.schedule(latch::countDown);
            released.set(thr.blocking(() -> latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
            done.countDown();
        });
        await(done, "the blocked job");
        assertEquals(Boolean.TRUE, released.get(),
                "the job counting the latch down did not run while the only worker blocked");
    }

    /**
     * SPEC rule 6.4: several workers blocked at once (more than the parallelism) still leave room
     * for the job that releases them, and it is posted from a blocked job's own worker.
     *
     * <p>If this fails: compensation must work for each blocked worker, and jobs in a blocked
     * worker's deque must be stealable.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r6_4_manyBlockedWorkersDoNotStarveTheReleaser() throws InterruptedException {
        Thr thr = newThr(config().parallelism(2).build());
        int blocked = 6;
        CountDownLatch allBlocked = new CountDownLatch(blocked);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(blocked);
        AtomicInteger released = new AtomicInteger();
        for (int i = 0; i < blocked; i++) {
            int index = i;
            thr.schedule(() -> {
                if (index == 0) {
                    // The releaser sits in this worker's deque while the worker blocks.
                    thr.schedule(() -> {
                        await(allBlocked, "every job to block");
                        release.countDown();
                    });
                }
                thr.blocking(() -> {
                    allBlocked.countDown();
                    if (release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        released.incrementAndGet();
                    }
                    return null;
                });
                done.countDown();
            });
        }
        await(done, "the blocked jobs");
        assertEquals(blocked, released.get());
    }

    /**
     * SPEC rule 6.5: nested {@code blocking} calls work on a worker and off the pool.
     *
     * <p>If this fails: a nested call must not compensate twice in a way that fails, nor
     * deadlock; the inner result must come back through the outer call.
     *
     * @throws Exception if {@code blocking} failed
     */
    @Test
    public void required_r6_5_nestedBlockingWorks() throws Exception {
        Thr thr = newThr();
        assertEquals(3, (int) thr.blocking(() -> thr.blocking(() -> thr.blocking(() -> 3))));
        AtomicReference<Integer> result = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        thr.schedule(() -> {
            result.set(thr.blocking(() -> thr.blocking(() -> 7)));
            done.countDown();
        });
        await(done, "nested blocking on a worker");
        assertEquals(7, result.get());
    }

    /**
     * SPEC rules 6.4 and 6.5: the {@code Job} form runs the job; a job posted from inside a
     * {@code blocking} call runs.
     *
     * <p>If this fails: the {@code Job} overload must run the job on the caller; posting from a
     * blocking section must work like posting from a job.
     *
     * @throws Exception if {@code blocking} failed
     */
    @Test
    public void required_r6_5_blockingJobRunsAndMayPost() throws Exception {
        Thr thr = newThr();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch posted = new CountDownLatch(1);
        thr.blocking((Job) () -> {
            ran.incrementAndGet();
            thr.schedule(posted::countDown);
        });
        assertEquals(1, ran.get());
        await(posted, "a job posted from a blocking section");
    }

    /**
     * SPEC rule 2.7: a null call throws {@link NullPointerException}.
     *
     * <p>If this fails: check the argument first.
     */
    @Test
    public void required_r6_4_blockingNullThrowsNpe() {
        Thr thr = newThr();
        assertThrows(NullPointerException.class, () -> thr.blocking((Callable<Object>) null));
        assertThrows(NullPointerException.class, () -> thr.blocking((Job) null));
    }
}
