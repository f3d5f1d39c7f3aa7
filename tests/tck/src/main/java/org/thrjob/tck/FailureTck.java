package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.thrjob.api.FailureHandler;
import org.thrjob.api.Job;
import org.thrjob.api.JobQueue;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rules 2.4 and 2.5: a job that throws is reported once to the runtime's
 * {@link FailureHandler} with the job and the name of its queue (or of the runtime), and neither
 * the failure nor a failing handler stops the worker.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class FailureTck extends ThrTck {

    /** For providers' test classes. */
    protected FailureTck() {
    }

    /**
     * SPEC rule 2.4: an unordered job that throws is reported once, with the job itself (a named
     * job prints its name) and the runtime's name, and with the very exception it threw.
     *
     * <p>If this fails: check that the provider catches what {@code Job.run()} throws around every
     * unordered job and passes the job, {@code thr.name()} and the exception to the handler.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_4_failedUnorderedJobIsReportedWithJobAndRuntimeName() throws Exception {
        Tck1Support.RecordingHandler handler = new Tck1Support.RecordingHandler();
        Thr thr = newThr(config().failureHandler(handler).build());
        IllegalStateException boom = new IllegalStateException("boom");
        Job job = Job.named("failing-unordered-job", () -> {
            throw boom;
        });
        thr.schedule(job);
        awaitCondition(() -> !handler.reports.isEmpty(), "the failure report");
        thr.close();
        List<Tck1Support.Report> reports = handler.of(boom);
        assertEquals(1, reports.size(), "reports of the failure: " + handler.reports);
        Tck1Support.Report report = reports.get(0);
        assertEquals("failing-unordered-job", String.valueOf(report.job()), "the job reported");
        assertEquals(thr.name(), report.where(), "where an unordered job failed");
    }

    /**
     * SPEC rule 2.4: a job that throws on a serial, a limited-width or a dedicated queue is
     * reported once with the queue's name, and the queue goes on with its next jobs.
     *
     * <p>If this fails: check the queue's drain loop: it must catch the job's failure, report it
     * with {@code queue.name()}, and carry on with the next job instead of stopping the drain.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_4_failedQueueJobIsReportedWithQueueName() throws Exception {
        Tck1Support.RecordingHandler handler = new Tck1Support.RecordingHandler();
        Thr thr = newThr(config().failureHandler(handler).build());
        List<ThrQueue> queues = List.of(thr.newQueue("failing-serial"),
                thr.newQueue("failing-width", 2), thr.newDedicatedQueue("failing-dedicated"));
        for (ThrQueue queue : queues) {
            RuntimeException boom = new RuntimeException("boom on " + queue.name());
            CountDownLatch after = new CountDownLatch(1);
            queue.post(Job.named("failing-queue-job", () -> {
                throw boom;
            }));
            queue.post(after::countDown);
            await(after, "the job after a failed one on " + queue.name());
            awaitCondition(() -> !handler.of(boom).isEmpty(), "the report of " + queue.name());
            queue.close();
            List<Tck1Support.Report> reports = handler.of(boom);
            assertEquals(1, reports.size(), "reports of the failure on " + queue.name());
            assertEquals(queue.name(), reports.get(0).where(), "where the job failed");
            assertEquals("failing-queue-job", String.valueOf(reports.get(0).job()));
        }
    }

    /**
     * SPEC rule 2.4: a job that throws an {@link Error} (not an {@link Exception}) is reported
     * too, and the worker survives it.
     *
     * <p>If this fails: the provider catches {@code Exception} only; it must catch
     * {@code Throwable} around a job (an {@code AssertionError} from a job is a failure like
     * another).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_4_jobThrowingAnErrorIsReported() throws Exception {
        Tck1Support.RecordingHandler handler = new Tck1Support.RecordingHandler();
        Thr thr = newThr(config().parallelism(1).failureHandler(handler).build());
        AssertionError boom = new AssertionError("an error, not an exception");
        ThrQueue queue = thr.newQueue("error-queue");
        Thread[] threads = new Thread[2];
        CountDownLatch after = new CountDownLatch(1);
        queue.post(() -> {
            threads[0] = Thread.currentThread();
            throw boom;
        });
        queue.post(() -> {
            threads[1] = Thread.currentThread();
            after.countDown();
        });
        await(after, "the job after the one that threw an Error");
        awaitCondition(() -> !handler.of(boom).isEmpty(), "the report of the Error");
        assertEquals(1, handler.of(boom).size());
        assertSame(threads[0], threads[1], "with one worker, the job after the failure must run on"
                + " the same worker: the Error killed it");
    }

    /**
     * SPEC rule 2.4: 200 failing jobs (half unordered, half on a serial queue) mixed with 200 good
     * ones: each failure is reported exactly once, and every good job runs.
     *
     * <p>If this fails: a failure is reported twice (for example by the task wrapper and by the
     * pool's uncaught-exception handler) or is lost; or a failure stopped later jobs.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_4_eachFailureIsReportedExactlyOnce() throws Exception {
        Tck1Support.RecordingHandler handler = new Tck1Support.RecordingHandler();
        Thr thr = newThr(config().failureHandler(handler).build());
        ThrQueue queue = thr.newQueue("failures-once");
        int failing = 200;
        CountDownLatch good = new CountDownLatch(failing);
        IllegalArgumentException[] booms = new IllegalArgumentException[failing];
        for (int i = 0; i < failing; i++) {
            IllegalArgumentException boom = new IllegalArgumentException("boom " + i);
            booms[i] = boom;
            Job bad = () -> {
                throw boom;
            };
            if (i % 2 == 0) {
                thr.schedule(bad);
                thr.schedule(good::countDown);
            } else {
                queue.post(bad);
                queue.post(good::countDown);
            }
        }
        await(good, "the good jobs posted between failing ones");
        awaitCondition(() -> handler.reports.size() >= failing, failing + " failure reports");
        thr.close();
        AtomicIntegerArray counts = new AtomicIntegerArray(failing);
        for (Tck1Support.Report report : handler.reports) {
            for (int i = 0; i < failing; i++) {
                if (report.failure() == booms[i]) {
                    counts.incrementAndGet(i);
                }
            }
        }
        UnorderedJobTck.assertEachRanOnce(counts, "failure report");
        assertEquals(failing, handler.reports.size(), "reports in all");
    }

    /**
     * SPEC rule 2.4: with one worker, 100 unordered jobs that throw do not kill it: the jobs after
     * them run on that same worker thread.
     *
     * <p>If this fails: the failure escapes the task and the pool replaces (or loses) the worker;
     * catch it inside the task.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_4_workerKeepsRunningAfterFailures() throws Exception {
        Tck1Support.RecordingHandler handler = new Tck1Support.RecordingHandler();
        Thr thr = newThr(config().parallelism(1).failureHandler(handler).build());
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        int jobs = 200;
        CountDownLatch good = new CountDownLatch(jobs / 2);
        CountDownLatch outer = new CountDownLatch(1);
        // Posted from the only worker, one job after the other, so the same worker runs them all.
        thr.schedule(() -> {
            threads.add(Thread.currentThread());
            for (int i = 0; i < jobs; i++) {
                if (i % 2 == 0) {
                    thr.schedule(() -> {
                        threads.add(Thread.currentThread());
                        throw new IllegalStateException("expected failure");
                    });
                } else {
                    thr.schedule(() -> {
                        threads.add(Thread.currentThread());
                        good.countDown();
                    });
                }
            }
            outer.countDown();
        });
        await(outer, "the posting job");
        await(good, "the jobs after the failing ones");
        assertEquals(1, threads.size(), "with parallelism 1, every job must run on the one worker,"
                + " but they ran on " + threads);
    }

    /**
     * SPEC rule 2.4: with the default handler (none configured), a failing job does not stop the
     * runtime, and if the provider's log reaches {@code System.err} (as slf4j-simple does), the
     * error names the job and the queue. Aborted when nothing reaches {@code System.err}, as the
     * TCK cannot see other log bindings.
     *
     * <p>If this fails: the default handler must log an error whose message names the job (its
     * {@code toString()}) and the queue.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_4_defaultHandlerLogsJobAndQueue() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("default-handler-queue");
        CountDownLatch after = new CountDownLatch(1);
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            queue.post(Job.named("default-handler-job", () -> {
                throw new IllegalStateException("expected failure for the default handler");
            }));
            queue.post(after::countDown);
            await(after, "the job after the failing one");
            queue.close();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        Assumptions.assumeFalse(log.isEmpty(),
                "the default handler logs elsewhere than System.err: check its output by hand");
        assertTrue(log.contains("default-handler-job") && log.contains("default-handler-queue"),
                "the default handler's error must name the job and the queue, but logged: " + log);
    }

    /**
     * SPEC rule 2.5: a failure handler that throws (a {@link RuntimeException}, then an
     * {@link Error}) kills no worker: with one worker, every following job runs on it, and the
     * handler still sees every failure.
     *
     * <p>If this fails: the call of the failure handler must itself be guarded; print what it
     * throws to {@code System.err} and go on.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_5_throwingFailureHandlerDoesNotKillTheWorker() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FailureHandler handler = (job, where, failure) -> {
            if (calls.incrementAndGet() % 2 == 0) {
                throw new AssertionError("failure handler failing on purpose");
            }
            throw new IllegalStateException("failure handler failing on purpose");
        };
        Thr thr = newThr(config().parallelism(1).failureHandler(handler).build());
        ThrQueue queue = thr.newQueue("handler-fails");
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        int failing = 20;
        CountDownLatch good = new CountDownLatch(2 * failing);
        PrintStream original = System.err;
        // The handler's own failures are printed to System.err: keep the build log readable.
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < failing; i++) {
                JobQueue target = i % 2 == 0 ? queue : null;
                Job bad = () -> {
                    threads.add(Thread.currentThread());
                    throw new IllegalStateException("expected failure");
                };
                Job ok = () -> {
                    threads.add(Thread.currentThread());
                    good.countDown();
                };
                if (target != null) {
                    target.post(bad);
                    target.post(ok);
                    target.post(ok);
                } else {
                    thr.schedule(bad);
                    thr.schedule(ok);
                    thr.schedule(ok);
                }
            }
            await(good, "the jobs after failures whose handler threw");
            awaitCondition(() -> calls.get() >= failing, failing + " calls of the handler");
            queue.close();
        } finally {
            System.setErr(original);
        }
        assertEquals(failing, calls.get(), "calls of the failing handler");
        assertEquals(1, threads.size(), "with parallelism 1 every job must run on the one worker,"
                + " but they ran on " + threads);
    }

    /**
     * SPEC rule 2.4 and {@link FailureHandler}'s contract: the handler is called on the thread
     * that ran the failed job, right after it, for unordered and dedicated-queue jobs alike.
     *
     * <p>If this fails: the provider hands failures to another thread; call the handler where the
     * job ran, so that a failing handler is covered by the same guard.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_4_handlerRunsOnTheThreadThatRanTheJob() throws Exception {
        Tck1Support.RecordingHandler handler = new Tck1Support.RecordingHandler();
        Thr thr = newThr(config().failureHandler(handler).build());
        ThrQueue queue = thr.newDedicatedQueue("handler-thread");
        Thread[] ranOn = new Thread[2];
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second");
        thr.schedule(() -> {
            ranOn[0] = Thread.currentThread();
            throw first;
        });
        queue.post(() -> {
            ranOn[1] = Thread.currentThread();
            throw second;
        });
        awaitCondition(() -> handler.of(first).size() == 1 && handler.of(second).size() == 1,
                "both failure reports");
        assertSame(ranOn[0], handler.of(first).get(0).thread(), "handler thread, unordered job");
        assertSame(ranOn[1], handler.of(second).get(0).thread(), "handler thread, dedicated queue");
    }
}
