package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Job;
import org.thrjob.api.JobFailedException;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rule 5.6: a syn records the failures of its jobs and {@code await} rethrows them as a
 * {@link JobFailedException} once no job is pending, with the first failure as cause and the
 * others suppressed. Failures are kept until an await reported them or a {@code whenDone}
 * continuation was posted for them; a round attached after that starts afresh. Failed syn jobs
 * also reach the failure handler (2.4).
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class SynFailureTck extends ThrTck {

    /** For subclasses. */
    protected SynFailureTck() {
    }

    /**
     * Attaches a job that holds the round open until the returned latch is counted down, so that
     * jobs attached one after the other belong to one round (a round ends whenever the pending
     * count reaches zero, SPEC rule 5.6).
     */
    static CountDownLatch holdRound(Thr thr, Syn syn) {
        CountDownLatch release = new CountDownLatch(1);
        thr.schedule(syn, () -> await(release, "the release of the round"));
        return release;
    }

    /**
     * SPEC rule 5.6: a job fails at once while another is still running; {@code await} throws only
     * after the other job finished.
     *
     * <p>If this fails: the failure must be recorded and the waiter woken only when the pending
     * count reaches zero, never when the failure happens.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_6_awaitRethrowsOnlyAfterTheOtherJobsFinished() throws InterruptedException {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        CountDownLatch failing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean slowFinished = new AtomicBoolean();
        IllegalStateException boom = new IllegalStateException("boom");
        thr.schedule(syn, () -> {
            await(release, "release of the slow job");
            slowFinished.set(true);
        });
        thr.schedule(syn, () -> {
            failing.countDown();
            throw boom;
        });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean finishedWhenThrown = new AtomicBoolean();
        CountDownLatch returned = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                syn.await();
            } catch (Throwable t) {
                finishedWhenThrown.set(slowFinished.get());
                thrown.set(t);
            }
            returned.countDown();
        }, "tck-failure-waiter");
        waiter.start();
        try {
            await(failing, "the failing job");
            // A waiter that wrongly returns on the failure does so now; a right one stays blocked.
            // The bound is what a wrong provider's waiter gets to be scheduled on a loaded machine.
            assertFalse(returned.await(300, TimeUnit.MILLISECONDS),
                    "await returned while a job of the round was still running");
        } finally {
            release.countDown();
        }
        await(returned, "await to return once the slow job finished");
        assertTrue(thrown.get() instanceof JobFailedException, "expected JobFailedException, got "
                + thrown.get());
        assertTrue(finishedWhenThrown.get(), "await threw before the slow job finished");
        assertSame(boom, thrown.get().getCause());
    }

    /**
     * SPEC rule 5.6: the first failure recorded is the cause, the later ones are suppressed in
     * order (a serial queue makes the order known).
     *
     * <p>If this fails: keep the failures of a round in recording order; build the exception with
     * the first as cause and {@code addSuppressed} for the others.
     */
    @Test
    public void required_r5_6_firstFailureIsCauseOthersSuppressed() {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r5-6");
        Syn syn = thr.newSyn();
        Exception first = new Exception("first");
        Exception second = new IllegalStateException("second");
        Error third = new AssertionError("third");
        CountDownLatch release = holdRound(thr, syn);
        queue.post(syn, () -> {
            throw first;
        });
        queue.post(syn, () -> {
        });
        queue.post(syn, () -> {
            throw second;
        });
        queue.post(syn, () -> {
            throw third;
        });
        release.countDown();
        JobFailedException e = assertThrows(JobFailedException.class, syn::await);
        assertSame(first, e.getCause());
        assertArrayEquals(new Throwable[] {second, third}, e.getSuppressed());
        assertEquals(List.of(first, second, third), syn.failures());
    }

    /**
     * SPEC rule 5.6: with many unordered failing jobs, each failure appears exactly once, as cause
     * or suppressed.
     *
     * <p>If this fails: failures recorded concurrently must not be lost (use a concurrent list or
     * a lock around it).
     */
    @Test
    public void required_r5_6_concurrentFailuresAreAllKept() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        Set<Throwable> thrown = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch release = holdRound(thr, syn);
        for (int i = 0; i < 1_000; i++) {
            int index = i;
            thr.schedule(syn, () -> {
                if (index % 10 == 0) {
                    RuntimeException failure = new RuntimeException("job " + index);
                    thrown.add(failure);
                    throw failure;
                }
            });
        }
        release.countDown();
        JobFailedException e = assertThrows(JobFailedException.class, syn::await);
        Set<Throwable> reported = new HashSet<>(List.of(e.getSuppressed()));
        reported.add(e.getCause());
        assertEquals(100, 1 + e.getSuppressed().length, "cause plus suppressed");
        assertEquals(thrown, reported);
        assertEquals(100, syn.failures().size());
    }

    /**
     * SPEC rule 5.6: once an await reported the failures, the next round starts afresh.
     *
     * <p>If this fails: forget the failures an await has thrown, and only those.
     */
    @Test
    public void required_r5_6_newRoundForgetsPreviousFailures() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        thr.schedule(syn, () -> {
            throw new IllegalStateException("round 1");
        });
        assertThrows(JobFailedException.class, syn::await);
        assertEquals(1, syn.failures().size());

        thr.schedule(syn, () -> {
        });
        syn.await();
        assertEquals(List.of(), syn.failures(), "round 2 had no failure");
    }

    /**
     * SPEC rule 5.6: the timed {@code await} rethrows too.
     *
     * <p>If this fails: {@code await(Duration)} must throw like {@code await()} when the round
     * ended with failures.
     */
    @Test
    public void required_r5_6_timedAwaitRethrows() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        thr.schedule(syn, () -> {
            throw boom;
        });
        JobFailedException e = assertThrows(JobFailedException.class, () -> syn.await(TIMEOUT));
        assertSame(boom, e.getCause());
    }

    /**
     * SPEC rules 5.6 and 2.4: a failed syn job is also reported once to the failure handler, with
     * the job and where it ran, and the worker goes on.
     *
     * <p>If this fails: a job attached to a syn must reach the failure handler as any other job.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_6_failedSynJobAlsoReachesFailureHandler() throws InterruptedException {
        List<Job> reported = new CopyOnWriteArrayList<>();
        List<String> where = new CopyOnWriteArrayList<>();
        Thr thr = newThr(config().parallelism(1)
                .failureHandler((job, queue, failure) -> {
                    reported.add(job);
                    where.add(queue);
                })
                .build());
        ThrQueue queue = thr.newQueue("r5-6-handler");
        Syn syn = thr.newSyn();
        Job failing = Job.named("failing-syn-job", () -> {
            throw new IllegalStateException("boom");
        });
        CountDownLatch release = holdRound(thr, syn);
        queue.post(syn, failing);
        CountDownLatch after = new CountDownLatch(1);
        queue.post(syn, after::countDown);
        release.countDown();
        assertThrows(JobFailedException.class, syn::await);
        await(after, "the job after the failure");
        awaitCondition(() -> reported.size() == 1, "the failure handler call");
        assertEquals("failing-syn-job", String.valueOf(reported.get(0)));
        assertEquals(List.of("r5-6-handler"), where);
    }

    /**
     * SPEC rule 5.6: in the everyday loop {@code schedule; schedule; await}, a failing job that
     * ended before the next job was attached is still reported by the await, together with the
     * failures of the later jobs, in order.
     *
     * <p>If this fails: a new round must not forget failures no await reported; carry them into
     * the round that the next await waits for. Repeated, because each job may or may not have
     * ended before the next attach.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_6_failureOfAnEndedRoundIsReportedByTheNextAwait() throws InterruptedException {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        for (int i = 0; i < 200; i++) {
            IllegalStateException first = new IllegalStateException("first " + i);
            IllegalStateException second = new IllegalStateException("second " + i);
            CountDownLatch firstEnded = new CountDownLatch(1);
            thr.schedule(syn, () -> {
                firstEnded.countDown();
                throw first;
            });
            if (i % 2 == 0) {
                // Make sure the first round is over before the next attach.
                await(firstEnded, "the first job");
                awaitCondition(() -> syn.pending() == 0, "the end of the first round");
            }
            thr.schedule(syn, () -> {
                throw second;
            });
            JobFailedException e = assertThrows(JobFailedException.class, syn::await, "iteration " + i);
            Set<Throwable> reported = new HashSet<>();
            reported.add(e.getCause());
            reported.addAll(List.of(e.getSuppressed()));
            assertEquals(Set.of(first, second), reported, "iteration " + i);
            thr.schedule(syn, () -> {
            });
            syn.await(); // reported: the next round starts afresh
        }
    }

    /**
     * SPEC rule 5.6: an await on an idle syn whose failures no await reported yet reports them,
     * and only once.
     *
     * <p>If this fails: {@code await} on an idle syn must throw the unreported failures, then
     * forget them.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_6_awaitOnAnIdleSynReportsUnreportedFailuresOnce() throws InterruptedException {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        IllegalStateException boom = new IllegalStateException("boom");
        thr.schedule(syn, () -> {
            throw boom;
        });
        awaitCondition(() -> syn.pending() == 0, "the failing job's end");
        assertEquals(List.of(boom), syn.failures());
        JobFailedException e = assertThrows(JobFailedException.class, syn::await);
        assertSame(boom, e.getCause());
        thr.schedule(syn, () -> {
        });
        syn.await();
        assertEquals(List.of(), syn.failures());
    }

    /**
     * SPEC rule 5.6: a {@code whenDone} continuation posted for a round's failures counts as their
     * report: the next round does not report them again.
     *
     * <p>If this fails: posting continuations for a round must mark its failures as reported.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_6_continuationReportsTheFailures() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r5-6-continuation");
        Syn syn = thr.newSyn();
        IllegalStateException boom = new IllegalStateException("boom");
        CountDownLatch release = holdRound(thr, syn);
        thr.schedule(syn, () -> {
            throw boom;
        });
        AtomicReference<List<Throwable>> seen = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        syn.whenDone(queue, () -> {
            seen.set(syn.failures());
            ran.countDown();
        });
        release.countDown();
        await(ran, "the continuation");
        assertEquals(List.of(boom), seen.get());
        thr.schedule(syn, () -> {
        });
        syn.await();
        assertEquals(List.of(), syn.failures(), "the continuation reported the first round's failure");
    }

    /**
     * SPEC rule 5.6: {@code await} on a syn whose only job threw {@link IllegalStateException}
     * throws {@link JobFailedException} with that failure as cause.
     */
    @Test
    public void required_r5_6_awaitAfterTheOnlyJobFailedRethrowsIt() {
        Thr thr = newThr(config().failureHandler((job, where, failure) -> { }).build());
        Syn syn = thr.newSyn();
        thr.schedule(syn, () -> {
            throw new IllegalStateException("boom");
        });
        JobFailedException failed = assertThrows(JobFailedException.class, syn::await);
        assertTrue(failed.getCause() instanceof IllegalStateException, "cause: " + failed.getCause());
    }
}
