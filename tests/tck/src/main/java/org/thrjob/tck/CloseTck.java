package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Job;
import org.thrjob.api.MainQueue;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.ScheduledJob;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC section 7, close: {@code Thr.close()} runs everything posted before it and joins its
 * threads (rules 7.1 and 7.5), is idempotent and refuses to run on a worker (rule 7.3), cancels
 * timers not yet due (rule 7.6) and keeps main jobs drainable (rule 7.7); {@code ThrQueue.close}
 * with and without waiting (rule 7.4).
 *
 * <p>Jobs that must still be pending when close starts are held by a gate latch that a helper
 * opens once {@code isClosed()} reports that close has started; every gate is opened in a
 * {@code finally} block so a failing test never leaves a worker blocked.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class CloseTck extends ThrTck {

    /** Names that a thread gets when whoever started it did not name it. */
    static final Pattern DEFAULT_THREAD_NAME = Pattern.compile(
            "Thread-\\d+|pool-\\d+-thread-\\d+|ForkJoinPool-\\d+-worker-\\d+"
            + "|ForkJoinPool\\.commonPool-worker-\\d+|Timer-\\d+");

    /** For providers' test classes. */
    protected CloseTck() {
    }

    /**
     * SPEC rule 7.1: with the 4 workers held, 1,000 unordered jobs and 1,000 jobs on each of a
     * serial, a width-2 and a dedicated queue (held too) are pending when {@code close()} starts;
     * once it returned, every one of them ran, and the serial and dedicated queues kept their order.
     *
     * <p>If this fails: close must wait for the pool to be quiescent and for every queue to be
     * drained before it stops the workers (shutdown, then await quiescence of queues as well as
     * of the pool's tasks).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_1_closeRunsEveryJobPostedBefore() throws Exception {
        Thr thr = newThr();
        ThrQueue serial = thr.newQueue("close-serial");
        ThrQueue width = thr.newQueue("close-width", 2);
        ThrQueue dedicated = thr.newDedicatedQueue("tck-close-dedicated");
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(thr.parallelism() + 1);
        AtomicInteger ran = new AtomicInteger();
        List<Integer> serialOrder = Collections.synchronizedList(new ArrayList<>());
        List<Integer> dedicatedOrder = Collections.synchronizedList(new ArrayList<>());
        int each = 1_000;
        try {
            Job holder = () -> {
                held.countDown();
                Tck1Support.awaitInJob(gate, "close to start");
            };
            for (int i = 0; i < thr.parallelism(); i++) {
                thr.schedule(holder);
            }
            dedicated.post(holder);
            await(held, "the workers and the dedicated thread to be held");
            for (int i = 0; i < each; i++) {
                int id = i;
                thr.schedule(ran::incrementAndGet);
                serial.post(() -> {
                    serialOrder.add(id);
                    ran.incrementAndGet();
                });
                width.post(ran::incrementAndGet);
                dedicated.post(() -> {
                    dedicatedOrder.add(id);
                    ran.incrementAndGet();
                });
            }
            openWhenClosing(thr, gate);
            Tck1Support.closeWithin(thr);
        } finally {
            Tck1Support.open(gate);
        }
        assertEquals(4 * each, ran.get(), "jobs run by close");
        assertInOrder(serialOrder, each, "serial queue");
        assertInOrder(dedicatedOrder, each, "dedicated queue");
    }

    /**
     * SPEC rules 7.1 and 7.2: jobs that run while the runtime drains post more jobs (100 held
     * roots post 5 unordered and 5 serial-queue children each, and each child posts one job to a
     * width-2 queue); every post accepted ran once {@code close()} returned. (A post refused with
     * {@link RejectedJobException} is allowed by rule 7.2; see {@link RejectionTck} for the
     * optional test that none is.)
     *
     * <p>If this fails: close stopped the workers while jobs it had accepted from running jobs
     * were still pending; drain until no job is running and none is pending.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_1_closeRunsJobsThatRunningJobsPostWhileItDrains() throws Exception {
        Thr thr = newThr();
        ThrQueue serial = thr.newQueue("drain-serial");
        ThrQueue width = thr.newQueue("drain-width", 2);
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        try {
            for (int r = 0; r < 100; r++) {
                accepted.incrementAndGet();
                thr.schedule(() -> {
                    Tck1Support.awaitInJob(gate, "close to start");
                    ran.incrementAndGet();
                    for (int c = 0; c < 10; c++) {
                        Job child = () -> {
                            ran.incrementAndGet();
                            post(() -> width.post(ran::incrementAndGet), accepted, rejected);
                        };
                        if (c % 2 == 0) {
                            post(() -> thr.schedule(child), accepted, rejected);
                        } else {
                            post(() -> serial.post(child), accepted, rejected);
                        }
                    }
                });
            }
            openWhenClosing(thr, gate);
            Tck1Support.closeWithin(thr);
        } finally {
            Tck1Support.open(gate);
        }
        assertEquals(accepted.get(), ran.get(), "jobs accepted (" + rejected.get()
                + " more were rejected) and jobs run once close returned");
    }

    /**
     * SPEC rule 7.3: {@code close()} is idempotent: a second call and two concurrent calls return
     * normally, and {@code isClosed()} is true.
     *
     * <p>If this fails: the second close must see that closing has started and return (after the
     * first one finished, or at once), never throw.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_3_closeIsIdempotent() throws Exception {
        Thr first = newThr();
        assertFalse(first.isClosed());
        Tck1Support.closeWithin(first);
        assertTrue(first.isClosed());
        Tck1Support.closeWithin(first);
        Thr second = newThr();
        second.schedule(() -> { });
        Tck1Support.together(2, p -> second.close());
        assertTrue(second.isClosed());
    }

    /**
     * SPEC rule 7.3: {@code close()} called from a worker (an unordered job, then a serial queue's
     * job) throws {@link IllegalStateException} instead of waiting for itself.
     *
     * <p>If this fails: {@code close()} must check whether the caller is one of the runtime's
     * workers before it waits.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_3_closeFromAWorkerThrows() throws Exception {
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            ThrQueue queue = thr.newQueue("closes-runtime");
            List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(2);
            Job closer = () -> {
                try {
                    thr.close();
                    thrown.add(new AssertionError("close() from a worker returned"));
                } catch (Throwable t) {
                    thrown.add(t);
                } finally {
                    done.countDown();
                }
            };
            thr.schedule(closer);
            queue.post(closer);
            await(done, "close() called from two jobs");
            assertEquals(2, thrown.size());
            for (Throwable t : thrown) {
                assertTrue(t instanceof IllegalStateException, "close() from a worker threw " + t);
            }
        });
    }

    /**
     * SPEC rule 7.4: {@code close(true)} (and {@code close()}) on a serial, a width-2 and a
     * dedicated queue returns only once every job already posted ran (100 jobs behind a held one).
     *
     * <p>If this fails: {@code close(true)} must wait for the queue's pending count to reach zero
     * (with a latch or a park that the last job releases).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_4_queueCloseWaitRunsEveryPendingJob() throws Exception {
        Thr thr = newThr();
        for (ThrQueue queue : List.of(thr.newQueue("wait-serial"), thr.newQueue("wait-width", 2),
                thr.newDedicatedQueue("tck-wait-dedicated"))) {
            CountDownLatch gate = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            try {
                queue.post(() -> {
                    Tck1Support.awaitInJob(gate, "the queue's close to start");
                    ran.incrementAndGet();
                });
                for (int i = 0; i < 100; i++) {
                    queue.post(ran::incrementAndGet);
                }
                openWhen(queue::isClosed, gate);
                if (queue.isDedicated()) {
                    Tck1Support.within("close() of " + queue.name(), () -> queue.close());
                } else {
                    Tck1Support.within("close(true) of " + queue.name(), () -> queue.close(true));
                }
            } finally {
                Tck1Support.open(gate);
            }
            assertEquals(101, ran.get(), "jobs of " + queue.name() + " run when close returned");
            assertEquals(0, queue.pending(), "pending() of " + queue.name() + " after close(true)");
        }
    }

    /**
     * SPEC rule 7.4: {@code close(false)} returns while jobs are still pending (a held job and 100
     * behind it), refuses new posts at once with {@link RejectedJobException} naming the queue,
     * and the pending jobs still run.
     *
     * <p>If this fails: {@code close(false)} must mark the queue closed and return without waiting,
     * and must not drop what was already posted.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_4_queueCloseWithoutWaitReturnsWhileJobsStillRun() throws Exception {
        Thr thr = newThr();
        for (ThrQueue queue : List.of(thr.newQueue("nowait-serial"), thr.newQueue("nowait-width", 2),
                thr.newDedicatedQueue("tck-nowait-dedicated"))) {
            CountDownLatch gate = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch all = new CountDownLatch(101);
            try {
                queue.post(() -> {
                    Tck1Support.awaitInJob(gate, "the test to release the queue");
                    ran.incrementAndGet();
                    all.countDown();
                });
                for (int i = 0; i < 100; i++) {
                    queue.post(() -> {
                        ran.incrementAndGet();
                        all.countDown();
                    });
                }
                Tck1Support.within("close(false) of " + queue.name(), () -> queue.close(false));
                assertTrue(queue.isClosed(), "isClosed() after close(false)");
                assertTrue(ran.get() < 101, "close(false) waited for the jobs of " + queue.name());
                RejectedJobException e = assertThrows(RejectedJobException.class,
                        () -> queue.post(ran::incrementAndGet), "a post after close(false)");
                Tck1Support.assertNamesOneOf(e, queue.name());
            } finally {
                Tck1Support.open(gate);
            }
            await(all, "the jobs of " + queue.name() + " pending at close(false)");
            assertEquals(101, ran.get(), "jobs run on " + queue.name());
        }
    }

    /**
     * SPEC rule 7.4: inside one of the queue's own jobs, {@code close(true)} and {@code close()}
     * throw {@link IllegalStateException}; {@code close(false)} closes the queue at once (a post
     * from that job is then refused) and the job posted before still runs.
     *
     * <p>If this fails: {@code close(true)} must check {@code isCurrent()} before waiting.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_4_queueCloseWaitFromItsOwnJobThrows() throws Exception {
        Tck1Support.withRuntime(provider(), config().build(), thr -> selfClose(thr));
    }

    private static void selfClose(Thr thr) throws Exception {
        for (ThrQueue queue : List.of(thr.newQueue("self-close"), thr.newDedicatedQueue("tck-self-close"))) {
            List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean laterRan = new AtomicBoolean();
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            try {
                queue.post(() -> {
                    Tck1Support.awaitInJob(gate, "the next job to be posted");
                    for (Job close : List.<Job>of(() -> queue.close(true), queue::close)) {
                        try {
                            close.run();
                            thrown.add(new AssertionError("close with wait from its own job returned"));
                        } catch (Throwable t) {
                            thrown.add(t);
                        }
                    }
                    queue.close(false);
                    try {
                        queue.post(() -> { });
                        thrown.add(new AssertionError("a post after close(false) was accepted"));
                    } catch (RejectedJobException expected) {
                        // refused at once, as it must be
                    }
                });
                queue.post(() -> {
                    laterRan.set(true);
                    done.countDown();
                });
            } finally {
                Tck1Support.open(gate);
            }
            await(done, "the job posted before close(false) on " + queue.name());
            assertTrue(laterRan.get());
            assertEquals(2, thrown.size(), "outcomes of close with wait: " + thrown);
            for (Throwable t : thrown) {
                assertTrue(t instanceof IllegalStateException,
                        "close with wait from the queue's own job threw " + t);
            }
            assertTrue(queue.isClosed());
        }
    }

    /**
     * SPEC rule 7.4: closing a queue twice, with and without waiting, is harmless.
     *
     * <p>If this fails: a second close must not throw or wait forever.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_4_queueCloseIsIdempotent() throws Exception {
        Thr thr = newThr();
        for (ThrQueue queue : List.of(thr.newQueue("twice"), thr.newDedicatedQueue("tck-twice"))) {
            queue.post(() -> { });
            Tck1Support.within("closing " + queue.name() + " three times", () -> {
                queue.close();
                queue.close(false);
                queue.close(true);
            });
            assertTrue(queue.isClosed());
        }
    }

    /**
     * SPEC rule 7.5 (and 1.8): once {@code close()} returned, none of the threads the runtime
     * started is alive: workers, a dedicated queue's thread, a timer's thread and the threads
     * started for a blocking call. Checked strictly (no grace period), against every thread that
     * appeared since the runtime was made and bears its name, the dedicated queue's name or a
     * default name.
     *
     * <p>If this fails: close must join every thread it started (a thread factory that records
     * them helps), not only ask the pool to shut down.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_5_noThreadIsAliveOnceCloseReturned() throws Exception {
        Set<Thread> before = Tck1Support.liveThreads();
        Thr thr = newThr(config().parallelism(2).build());
        ThrQueue dedicated = thr.newDedicatedQueue("tck-close-threads");
        CountDownLatch ran = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        try {
            thr.schedule(ran::countDown);
            thr.newQueue("close-threads-serial").post(ran::countDown);
            dedicated.post(ran::countDown);
            thr.postAfter(Duration.ofMillis(1), ran::countDown);
            thr.schedule(() -> thr.blocking(() -> {
                Tck1Support.awaitInJob(release, "the other job");
                return null;
            }));
            thr.schedule(release::countDown);
            await(ran, "jobs on a worker, a queue, a dedicated queue and a timer");
        } finally {
            Tck1Support.open(release);
        }
        Tck1Support.closeWithin(thr);
        List<String> alive = new ArrayList<>();
        for (Thread thread : Tck1Support.liveThreads()) {
            String name = thread.getName();
            boolean ours = name.startsWith(thr.name() + "-") || name.equals(dedicated.name())
                    || DEFAULT_THREAD_NAME.matcher(name).matches();
            if (!before.contains(thread) && ours && thread.isAlive()) {
                alive.add(name);
            }
        }
        assertEquals(List.of(), alive, "threads alive after close() returned");
    }

    /**
     * SPEC rule 7.6: delayed jobs not yet due when the runtime closes (an hour away, on the
     * runtime and on a queue) are cancelled: their handles say cancelled and not posted, they
     * never run, and close does not wait for them.
     *
     * <p>If this fails: close must cancel the timers it still holds and mark their handles
     * cancelled, instead of waiting for them or dropping them silently.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_6_closeCancelsDelayedJobsNotYetDue() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("far-timers");
        AtomicInteger ran = new AtomicInteger();
        ScheduledJob onRuntime = thr.postAfter(Duration.ofHours(1), ran::incrementAndGet);
        ScheduledJob onQueue = queue.postAfter(Duration.ofHours(1), ran::incrementAndGet);
        Tck1Support.closeWithin(thr);
        for (ScheduledJob handle : List.of(onRuntime, onQueue)) {
            assertTrue(handle.isCancelled(), "a delayed job not due at close must be cancelled");
            assertFalse(handle.isPosted(), "a cancelled delayed job reports posted");
            assertFalse(handle.cancel(), "cancel() of a job already cancelled by close");
        }
        assertEquals(0, ran.get(), "delayed jobs that ran although cancelled");
    }

    /**
     * SPEC rules 7.6 and 7.1: a close racing a timer (delays of 0 and 1 ms, 50 rounds): for each
     * delayed job, exactly one of "cancelled" and "posted" holds once close returned, and it ran if
     * and only if it was posted.
     *
     * <p>If this fails: the timer's fire and close's cancel must decide the job's fate with one
     * atomic transition, and a fired job must be counted as posted before close stops draining.
     *
     * @throws Exception on failure
     */
    @RepeatedTest(5)
    public void required_r7_6_closeRacingATimerEitherRunsOrCancelsTheJob() throws Exception {
        for (int round = 0; round < 10; round++) {
            Thr thr = newThr();
            AtomicInteger[] ran = {new AtomicInteger(), new AtomicInteger()};
            ScheduledJob[] handles = {
                thr.postAfter(Duration.ZERO, ran[0]::incrementAndGet),
                thr.postAfter(Duration.ofMillis(1), ran[1]::incrementAndGet),
            };
            Tck1Support.closeWithin(thr);
            for (int i = 0; i < handles.length; i++) {
                ScheduledJob handle = handles[i];
                assertTrue(handle.isCancelled() != handle.isPosted(), "round " + round + ": cancelled="
                        + handle.isCancelled() + " posted=" + handle.isPosted());
                assertEquals(handle.isPosted() ? 1 : 0, ran[i].get(), "round " + round
                        + ": runs of a delayed job with posted=" + handle.isPosted());
            }
        }
    }

    /**
     * SPEC rule 7.7: {@code close()} called on the main thread drains the main queue: 50 main jobs
     * posted by a worker run on it before close returns.
     *
     * <p>If this fails: close on the main thread must run the pending main jobs (after the workers
     * drained, since they may post more).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_7_closeOnTheMainThreadDrainsTheMainQueue() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch posted = new CountDownLatch(1);
        thr.schedule(() -> {
            for (int i = 0; i < 50; i++) {
                main.post(() -> {
                    ranOn.set(Thread.currentThread());
                    ran.incrementAndGet();
                });
            }
            posted.countDown();
        });
        await(posted, "the worker's posts");
        Thread closer = Tck1Support.within("close() on a helper main thread", () -> {
            main.bindToCurrentThread();
            thr.close();
            return Thread.currentThread();
        });
        assertEquals(50, ran.get(), "main jobs run by close() on the main thread");
        assertEquals(closer, ranOn.get(), "the thread that ran them");
    }

    /**
     * SPEC rule 7.7: {@code close()} called elsewhere leaves the main jobs posted before it
     * drainable by the main thread (the test thread), and the main queue refuses later posts.
     *
     * <p>If this fails: close off the main thread must neither run nor drop main jobs.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_7_closeElsewhereLeavesMainJobsDrainable() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            main.post(ran::incrementAndGet);
        }
        Tck1Support.closeWithin(thr);
        assertEquals(0, ran.get(), "main jobs run by a close() called off the main thread");
        assertEquals(10, main.drain(), "main jobs drained after close");
        assertEquals(10, ran.get());
        assertThrows(RejectedJobException.class, () -> main.post(ran::incrementAndGet));
    }

    /** Opens {@code gate} from a helper thread once {@code thr} reports that close started. */
    static void openWhenClosing(Thr thr, CountDownLatch gate) {
        openWhen(thr::isClosed, gate);
    }

    static void openWhen(java.util.function.BooleanSupplier condition, CountDownLatch gate) {
        Thread opener = new Thread(() -> {
            try {
                awaitCondition(condition, "close to start");
            } catch (Throwable ignored) {
                // the test fails on its own bound
            } finally {
                Tck1Support.open(gate);
            }
        }, "tck-gate-opener");
        opener.setDaemon(true);
        opener.start();
    }

    /** A post that may be refused (rule 7.2), counted either way. */
    static void post(Runnable post, AtomicInteger accepted, AtomicInteger rejected) {
        try {
            post.run();
            accepted.incrementAndGet();
        } catch (RejectedJobException e) {
            rejected.incrementAndGet();
        }
    }

    private static void assertInOrder(List<Integer> seen, int count, String what) {
        assertEquals(count, seen.size(), "jobs of the " + what);
        for (int i = 0; i < count; i++) {
            if (seen.get(i) != i) {
                assertEquals(i, seen.get(i), "job at position " + i + " of the " + what);
            }
        }
    }

    /**
     * SPEC rules 7.1, 7.5 and 8.1: with 500 jobs each unordered, on a width-3 queue and on a
     * dedicated queue, and a serial job that reposts itself 49 times while the runtime drains,
     * {@code close()} returns once all 1,550 ran; then {@code stats()} shows {@code run == posted}
     * and no thread of the runtime is alive.
     *
     * <p>If this fails: close must drain every kind of queue, including jobs a running job posts
     * while it drains, before it stops the threads.
     *
     * @throws Exception on failure
     */
    @RepeatedTest(3)
    public void required_r7_1_closeRunsEveryKindOfJobIncludingRecursivePosts() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Thr thr = newThr();
        ThrQueue serial = thr.newQueue("serial");
        ThrQueue width = thr.newQueue("width", 3);
        ThrQueue dedicated = thr.newDedicatedQueue("dedicated-" + thr.name());
        Job recursive = new Job() {
            int depth;

            @Override
            public void run() {
                ran.incrementAndGet();
                if (++depth < 50) {
                    serial.post(this); // a running job may post while the runtime drains (7.2)
                }
            }
        };
        for (int i = 0; i < 500; i++) {
            thr.schedule(ran::incrementAndGet);
            width.post(ran::incrementAndGet);
            dedicated.post(ran::incrementAndGet);
        }
        serial.post(recursive);
        Tck1Support.closeWithin(thr);
        assertEquals(1500 + 50, ran.get(), "jobs run by close");
        assertEquals(thr.stats().posted(), thr.stats().run(), "stats after close: " + thr.stats());
        assertNoThreadLeft(thr.name());
    }

    /**
     * SPEC rule 7.3: {@code close()} from the runtime's own unordered job throws
     * {@link IllegalStateException} naming the runtime, and the runtime stays open.
     *
     * <p>If this fails: close must check whether the caller is one of the runtime's workers before
     * it starts closing, and say which runtime it refused to close.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_3_closeFromOwnWorkerThrowsNamingTheRuntimeAndLeavesItOpen()
            throws Exception {
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            thr.schedule(() -> {
                try {
                    thr.close();
                } catch (Throwable t) {
                    thrown.set(t);
                } finally {
                    done.countDown();
                }
            });
            await(done, "the job calling close()");
            assertInstanceOf(IllegalStateException.class, thrown.get());
            assertTrue(thrown.get().getMessage().contains(thr.name()), thrown.get().getMessage());
            assertFalse(thr.isClosed(), "a refused close() closed the runtime");
        });
    }

    /**
     * SPEC rule 7.3: {@code close()} called twice, and from two threads at once, returns normally
     * each time; the runtime is closed.
     *
     * <p>If this fails: a second close must see that closing has started and return, never throw.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_3_closeTwiceAndFromTwoThreadsIsHarmless() throws Exception {
        Thr thr = newThr();
        thr.schedule(() -> { });
        Thread other = new Thread(thr::close, "tck-other-closer");
        other.setDaemon(true);
        other.start();
        Tck1Support.closeWithin(thr);
        other.join(TIMEOUT.toMillis());
        assertFalse(other.isAlive(), "the concurrent close() did not return");
        Tck1Support.closeWithin(thr);
        assertTrue(thr.isClosed());
    }

    /**
     * SPEC rule 7.6: a job posted with a delay of an hour is cancelled by the runtime's close: its
     * handle reports cancelled and not posted, a later {@code cancel()} returns false, and the job
     * never ran.
     *
     * <p>If this fails: close must cancel the timers not yet due instead of waiting for them.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_6_timerNotYetDueIsCancelledByCloseAndNeverRuns() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Thr thr = newThr();
        ScheduledJob later = thr.newQueue("timers").postAfter(Duration.ofHours(1), ran::incrementAndGet);
        Tck1Support.closeWithin(thr);
        assertTrue(later.isCancelled(), "the pending timer's handle after close");
        assertFalse(later.isPosted());
        assertFalse(later.cancel(), "cancel() of a timer that close cancelled");
        assertEquals(0, ran.get());
    }

    /**
     * SPEC rule 7.7: {@code close()} on the main thread (the test thread, which created the
     * runtime) runs the 100 main jobs that unordered jobs posted.
     *
     * <p>If this fails: close on the main thread must drain the main queue after the workers
     * drained, since their jobs may post replies.
     */
    @Test
    public void required_r7_7_closeOnMainThreadDrainsMainJobsPostedByWorkers() {
        AtomicInteger ran = new AtomicInteger();
        Thr thr = newThr();
        for (int i = 0; i < 100; i++) {
            thr.schedule(() -> thr.mainQueue().post(ran::incrementAndGet));
        }
        thr.close();
        assertEquals(100, ran.get(), "main jobs run by close() on the main thread");
    }

    /**
     * SPEC rule 7.4: {@code close(false)} on a serial queue whose first job is held refuses a post
     * at once, and the job posted before it still runs; {@code close(true)} then returns with
     * nothing pending.
     *
     * <p>If this fails: the queue must refuse posts as soon as close is called, and still drain
     * what it accepted.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_4_queueCloseWithoutWaitRefusesAtOnceButRunsWhatWasPosted()
            throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("closing");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try {
            queue.post(() -> Tck1Support.awaitInJob(release, "the release"));
            queue.post(ran::incrementAndGet);
            queue.close(false);
            assertThrows(RejectedJobException.class, () -> queue.post(() -> { }));
        } finally {
            Tck1Support.open(release);
        }
        Tck1Support.within("close(true) of the queue", () -> queue.close(true));
        assertEquals(1, ran.get());
        assertEquals(0, queue.pending());
    }

    /**
     * SPEC rules 7.4 and 7.1: two threads post to a dedicated queue as fast as they can while it
     * is closed with {@code close(true)}; each post either throws {@link RejectedJobException} or
     * is accepted, and every accepted one ran once the runtime's close returned.
     *
     * <p>If this fails: a post that passed the closed check must still be drained (or the check
     * and the enqueue must be one atomic step).
     *
     * @throws Exception on failure
     */
    @RepeatedTest(10)
    public void required_r7_4_closeRacingPostersOnDedicatedQueueRunsEveryAcceptedPost()
            throws Exception {
        closeWhilePosting(true);
    }

    /**
     * SPEC rules 7.4 and 7.1: as {@link #required_r7_4_closeRacingPostersOnDedicatedQueueRunsEveryAcceptedPost},
     * on a serial queue.
     *
     * @throws Exception on failure
     */
    @RepeatedTest(10)
    public void required_r7_4_closeRacingPostersOnSerialQueueRunsEveryAcceptedPost()
            throws Exception {
        closeWhilePosting(false);
    }

    private void closeWhilePosting(boolean dedicated) throws Exception {
        Thr thr = newThr();
        ThrQueue queue = dedicated ? thr.newDedicatedQueue("race-" + thr.name())
                : thr.newQueue("race");
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch posting = new CountDownLatch(2);
        Thread[] posters = new Thread[2];
        for (int p = 0; p < posters.length; p++) {
            posters[p] = new Thread(() -> {
                try {
                    // Close only once each poster got a post in: the race is with later posts.
                    queue.post(ran::incrementAndGet);
                    accepted.incrementAndGet();
                    posting.countDown();
                    for (;;) {
                        queue.post(ran::incrementAndGet);
                        accepted.incrementAndGet();
                    }
                } catch (RejectedJobException closed) {
                    // the end of this poster
                }
            }, "tck-poster-" + p);
            posters[p].setDaemon(true);
            posters[p].start();
        }
        await(posting, "the posters");
        Tck1Support.within("close(true) of the queue", () -> queue.close(true));
        for (Thread poster : posters) {
            poster.join(TIMEOUT.toMillis());
            assertFalse(poster.isAlive(), "a poster was never rejected by the closed queue");
        }
        // A post accepted while close(true) ran may still be running: the runtime's close
        // waits for every accepted job.
        Tck1Support.closeWithin(thr);
        assertTrue(accepted.get() >= 2, "each poster's first post was accepted before the close");
        assertEquals(accepted.get(), ran.get(), "accepted posts that ran");
    }

    /**
     * SPEC rule 7.4: {@code close(true)} from the queue's own job throws
     * {@link IllegalStateException} and leaves the queue open.
     *
     * <p>If this fails: close(true) must check whether the caller runs the queue's job before it
     * waits for that job to end.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_4_queueCloseWaitFromOwnJobThrows() throws Exception {
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            ThrQueue queue = thr.newQueue("self");
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Tck1Support.within("sync on the queue", () -> queue.sync(() -> {
                try {
                    queue.close(true);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }));
            assertInstanceOf(IllegalStateException.class, thrown.get());
            assertFalse(queue.isClosed(), "a refused close(true) closed the queue");
        });
    }
}
