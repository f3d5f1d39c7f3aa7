package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.thrjob.api.Job;
import org.thrjob.api.MainQueue;
import org.thrjob.api.Thr;

/**
 * SPEC section 4, the main queue: its jobs run only on the main thread and only when that thread
 * drains (rule 4.1); draining elsewhere throws (rule 4.2); the main thread is the creator until
 * rebound (rule 4.3); the wakeup hook (rule 4.4); {@code runUntil} (rule 4.5); {@code sync}
 * (rule 4.6). Also rules 2.2, 2.4 and 3.7 as they apply to the main queue.
 *
 * <p>The test thread creates the runtimes, so it is their main thread. A call that a broken
 * provider could block forever ({@code runUntil} without a timeout) runs on a helper thread bound
 * as the main thread, waited for with a bound.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class MainQueueTck extends ThrTck {

    /** For providers' test classes. */
    protected MainQueueTck() {
    }

    /**
     * SPEC rule 4.1: 1,000 main jobs posted by 4 unordered jobs run only when the test (main)
     * thread drains, all on that thread, each poster's jobs in its order; none runs before the
     * drain.
     *
     * <p>If this fails: main jobs must be queued for the main thread only; a worker must never run
     * one, and the queue must be FIFO for concurrent posters.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_1_mainJobsRunOnlyOnTheMainThread() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        Thread test = Thread.currentThread();
        int posters = 4;
        int perPoster = 250;
        int total = posters * perPoster;
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        int[] last = {-1, -1, -1, -1};
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch posted = new CountDownLatch(posters);
        for (int p = 0; p < posters; p++) {
            int poster = p;
            thr.schedule(() -> {
                for (int i = 0; i < perPoster; i++) {
                    int seq = i;
                    main.post(() -> {
                        ranOn.add(Thread.currentThread());
                        if (last[poster] != seq - 1) {
                            outOfOrder.incrementAndGet();
                        }
                        last[poster] = seq;
                        ran.incrementAndGet();
                    });
                }
                posted.countDown();
            });
        }
        await(posted, "the posting jobs");
        assertEquals(0, ran.get(), "main jobs that ran before the main thread drained");
        assertEquals(total, main.pending(), "pending main jobs");
        assertTrue(main.runUntil(() -> ran.get() == total, TIMEOUT), "runUntil timed out");
        assertEquals(Set.of(test), ranOn, "threads that ran main jobs");
        assertEquals(0, outOfOrder.get(), "main jobs run out of their poster's order");
    }

    /**
     * SPEC rule 4.1: {@code drainOne()} runs exactly the oldest job and says so; {@code drain()}
     * runs the rest and returns how many; both return false / 0 on an empty queue, without
     * blocking.
     *
     * <p>If this fails: check the return values and that {@code drainOne} stops after one job.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_1_drainOneAndDrainRunPendingJobsInOrder() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        List<Integer> order = new ArrayList<>();
        assertFalse(main.drainOne(), "drainOne on an empty main queue");
        assertEquals(0, main.drain(), "drain on an empty main queue");
        for (int i = 0; i < 3; i++) {
            int id = i;
            main.post(() -> order.add(id));
        }
        assertTrue(main.drainOne(), "drainOne with 3 pending");
        assertEquals(List.of(0), order, "drainOne ran exactly the oldest job");
        assertEquals(2, main.drain(), "drain with 2 pending");
        assertEquals(List.of(0, 1, 2), order);
        assertFalse(main.drainOne());
        assertEquals(0, main.pending());
    }

    /**
     * SPEC rule 4.1: {@code drain()} also runs the jobs that main jobs post while it drains.
     *
     * <p>If this fails: {@code drain} must loop until the queue is empty, not take a snapshot of
     * the jobs pending when it started.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_1_drainRunsJobsPostedByMainJobs() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        List<String> order = new ArrayList<>();
        main.post(() -> {
            order.add("first");
            main.post(() -> {
                order.add("third");
                main.post(() -> order.add("fourth"));
            });
        });
        main.post(() -> order.add("second"));
        assertEquals(4, main.drain(), "jobs run by drain");
        assertEquals(List.of("first", "second", "third", "fourth"), order);
    }

    /**
     * SPEC rule 4.2: {@code drainOne}, {@code drain} and both {@code runUntil} called from a thread
     * that is not the main thread (a plain thread, then a worker) throw
     * {@link IllegalStateException} naming both threads, and run nothing.
     *
     * <p>If this fails: each drain method must compare the caller with the main thread first and
     * name both in the message.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_2_drainingFromAnotherThreadThrowsNamingBothThreads() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        String mainName = Thread.currentThread().getName();
        AtomicInteger ran = new AtomicInteger();
        main.post(ran::incrementAndGet);
        List<Executable> drains = List.of(main::drainOne, main::drain,
                () -> main.runUntil(() -> true), () -> main.runUntil(() -> true, Duration.ofSeconds(1)));
        Tck1Support.within("drains from another thread", () -> {
            Thread.currentThread().setName("tck-intruder");
            for (Executable drain : drains) {
                IllegalStateException e = assertThrows(IllegalStateException.class, drain);
                Tck1Support.assertNames(e, "tck-intruder", mainName);
            }
        });
        List<Throwable> fromWorker = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> workerName = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        thr.schedule(() -> {
            workerName.set(Thread.currentThread().getName());
            for (Executable drain : drains) {
                try {
                    drain.execute();
                    fromWorker.add(new AssertionError("a drain from a worker did not throw"));
                } catch (Throwable t) {
                    fromWorker.add(t);
                }
            }
            done.countDown();
        });
        await(done, "drains from a worker");
        assertEquals(drains.size(), fromWorker.size());
        for (Throwable t : fromWorker) {
            assertTrue(t instanceof IllegalStateException, "a drain from a worker threw " + t);
            Tck1Support.assertNames(t, workerName.get(), mainName);
        }
        assertEquals(0, ran.get(), "a main job ran on a thread that is not the main thread");
        assertEquals(1, main.drain(), "the main job is still there for the main thread");
    }

    /**
     * SPEC rule 4.3: the main thread is the thread that created the runtime: the test thread for a
     * runtime it made, and another thread for a runtime made there, in which case the test thread
     * cannot drain it.
     *
     * <p>If this fails: the provider must record {@code Thread.currentThread()} in
     * {@code create()} as the main thread.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_3_mainThreadIsTheCreatingThread() throws Exception {
        Thr here = newThr();
        assertSame(Thread.currentThread(), here.mainQueue().thread(), "main thread of a runtime made here");
        assertTrue(here.mainQueue().isCurrent(), "isCurrent() of the main queue on the main thread");
        AtomicReference<Thread> creator = new AtomicReference<>();
        Thr there = Tck1Support.within("creating a runtime on another thread", () -> {
            creator.set(Thread.currentThread());
            return newThr();
        });
        assertSame(creator.get(), there.mainQueue().thread(), "main thread of a runtime made elsewhere");
        there.mainQueue().post(() -> { });
        assertThrows(IllegalStateException.class, () -> there.mainQueue().drainOne(),
                "draining from the test thread a runtime created on another thread");
    }

    /**
     * SPEC rule 4.3: {@code bindToCurrentThread()} moves the main thread: after a helper thread
     * binds, main jobs run there and the test thread cannot drain; once the test thread binds back,
     * it drains again.
     *
     * <p>If this fails: {@code bindToCurrentThread} must replace the main thread used by the drain
     * checks, {@code thread()} and {@code isCurrent()}.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_3_bindToCurrentThreadMovesTheMainThread() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        main.post(() -> ranOn.set(Thread.currentThread()));
        Thread helper = Tck1Support.within("a helper thread binding the main queue", () -> {
            main.bindToCurrentThread();
            assertSame(Thread.currentThread(), main.thread(), "thread() after bindToCurrentThread");
            assertTrue(main.isCurrent(), "isCurrent() on the new main thread");
            assertEquals(1, main.drain(), "drain on the new main thread");
            return Thread.currentThread();
        });
        assertSame(helper, ranOn.get(), "the thread that ran the main job");
        assertFalse(main.isCurrent(), "isCurrent() on the old main thread");
        main.post(() -> ranOn.set(Thread.currentThread()));
        assertThrows(IllegalStateException.class, main::drainOne, "draining on the old main thread");
        main.bindToCurrentThread();
        assertEquals(1, main.drain(), "drain after binding back");
        assertSame(Thread.currentThread(), ranOn.get());
    }

    /**
     * SPEC rule 4.3 ({@code bindToCurrentThread}'s contract): binding from another thread while a
     * main job runs on the main thread throws {@link IllegalStateException}, and the main thread
     * stays where it was.
     *
     * <p>If this fails: {@code bindToCurrentThread} must refuse to move the main thread under a
     * running main job.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_3_bindWhileAMainJobRunsThrows() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        main.post(() -> Tck1Support.within("binding during a main job", () -> {
            try {
                main.bindToCurrentThread();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }));
        assertEquals(1, main.drain());
        assertTrue(thrown.get() instanceof IllegalStateException,
                "bindToCurrentThread during a main job threw " + thrown.get());
        assertSame(Thread.currentThread(), main.thread(), "the main thread moved anyway");
    }

    /**
     * SPEC rule 4.4: the wakeup hook is called on the posting thread when a post finds the main
     * queue empty: once for the first post from a worker, and again for a post after a drain
     * emptied the queue; {@code onWakeup(null)} removes it.
     *
     * <p>If this fails: the post must detect the empty-to-non-empty transition atomically (the
     * count before the add was zero) and call the hook right there, on the poster's thread.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_4_wakeupHookFiresWhenAPostFindsTheQueueEmpty() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        List<Thread> hookThreads = Collections.synchronizedList(new ArrayList<>());
        main.onWakeup(() -> hookThreads.add(Thread.currentThread()));
        AtomicReference<Thread> poster = new AtomicReference<>();
        CountDownLatch posted = new CountDownLatch(1);
        thr.schedule(() -> {
            poster.set(Thread.currentThread());
            main.post(() -> { });
            posted.countDown();
        });
        await(posted, "a post from a worker");
        assertTrue(hookThreads.size() >= 1, "the hook did not fire for a post to an empty main queue");
        assertSame(poster.get(), hookThreads.get(0), "the hook must run on the posting thread");
        main.drain();
        int before = hookThreads.size();
        main.post(() -> { });
        assertTrue(hookThreads.size() > before, "the hook did not fire after a drain emptied the queue");
        assertSame(Thread.currentThread(), hookThreads.get(hookThreads.size() - 1));
        main.drain();
        main.onWakeup(null);
        int removed = hookThreads.size();
        main.post(() -> { });
        assertEquals(removed, hookThreads.size(), "the hook fired after onWakeup(null)");
        assertEquals(1, main.drain());
    }

    /**
     * SPEC rule 4.4: a wakeup hook that throws is reported to the failure handler and does not stop
     * the post: the job is queued and drains.
     *
     * <p>If this fails: guard the hook's call, report its failure, and queue the job anyway
     * (before calling the hook).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_4_throwingWakeupHookIsReportedAndThePostStands() throws Exception {
        Tck1Support.RecordingHandler handler = new Tck1Support.RecordingHandler();
        Thr thr = newThr(config().failureHandler(handler).build());
        MainQueue main = thr.mainQueue();
        IllegalStateException boom = new IllegalStateException("wakeup hook failing on purpose");
        main.onWakeup(() -> {
            throw boom;
        });
        AtomicBoolean ran = new AtomicBoolean();
        main.post(() -> ran.set(true));
        assertEquals(1, main.drain(), "the job posted while the hook threw");
        assertTrue(ran.get());
        awaitCondition(() -> !handler.of(boom).isEmpty(), "the report of the hook's failure");
    }

    /**
     * SPEC rule 4.5: {@code runUntil(condition)} returns as soon as the condition holds after a
     * job: of 20 pending main jobs, it runs exactly 10 when the condition is "10 ran"; on an empty
     * queue it returns at once when the condition already holds. Run on a helper thread bound as main thread, with
     * a bound.
     *
     * <p>If this fails: check the condition after every job, and before sleeping.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_5_runUntilReturnsOnceItsConditionHolds() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            main.post(ran::incrementAndGet);
        }
        Tck1Support.within("runUntil on a helper main thread", () -> {
            main.bindToCurrentThread();
            main.runUntil(() -> ran.get() >= 10);
            assertEquals(10, ran.get(), "jobs run by runUntil(10 ran)");
            assertTrue(main.runUntil(() -> ran.get() >= 15, TIMEOUT));
            assertEquals(15, ran.get(), "jobs run by runUntil(15 ran, timeout)");
            assertEquals(5, main.pending(), "main jobs left");
            assertEquals(5, main.drain());
            main.runUntil(() -> true);
        });
    }

    /**
     * SPEC rule 4.5: a main thread that sleeps in {@code runUntil} wakes for a job posted by a
     * worker once it has checked its condition (no lost wakeup), and returns when that job makes
     * the condition true. Repeated 100 times.
     *
     * <p>If this fails: the sleep of {@code runUntil} misses a post that happens between its last
     * check and its park; re-check the queue after announcing that it sleeps.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_5_runUntilWakesForAJobPostedWhileItSleeps() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        for (int round = 0; round < 100; round++) {
            AtomicBoolean flag = new AtomicBoolean();
            CountDownLatch checked = new CountDownLatch(1);
            thr.schedule(() -> {
                Tck1Support.awaitInJob(checked, "the main thread to check its condition");
                main.post(() -> flag.set(true));
            });
            boolean result = main.runUntil(() -> {
                checked.countDown();
                return flag.get();
            }, TIMEOUT);
            assertTrue(result, "round " + round + ": runUntil did not wake for the posted job");
        }
    }

    /**
     * SPEC rule 4.5: with nothing posted, {@code runUntil(false, 100 ms)} returns false no earlier
     * than 100 ms, and sleeps meanwhile: it checks its condition fewer than 1,000 times.
     *
     * <p>If this fails: {@code runUntil} must park until a post wakes it or the deadline passes,
     * not poll the condition in a loop.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_5_runUntilSleepsAndTimesOut() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        AtomicInteger checks = new AtomicInteger();
        long start = System.nanoTime();
        boolean result = main.runUntil(() -> {
            checks.incrementAndGet();
            return false;
        }, Duration.ofMillis(100));
        long elapsed = System.nanoTime() - start;
        assertFalse(result, "runUntil(false) must time out");
        assertTrue(elapsed >= Duration.ofMillis(100).toNanos(), "runUntil returned after "
                + elapsed / 1_000_000 + " ms, before its 100 ms timeout");
        assertTrue(checks.get() < 1_000, "runUntil checked its condition " + checks.get()
                + " times in 100 ms with nothing posted: it spins instead of sleeping");
    }

    /**
     * SPEC rule 4.6: {@code sync} on the main queue from the main thread runs inline: on the test
     * thread, before it returns, with its result.
     *
     * <p>If this fails: {@code sync} on the main thread must run the job directly; queuing it
     * waits for the waiter itself.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_6_syncOnTheMainThreadRunsInline() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        Thread[] ranOn = new Thread[1];
        String result = Tck1Support.within("sync on a helper main thread", () -> {
            main.bindToCurrentThread();
            String value = main.sync(() -> {
                ranOn[0] = Thread.currentThread();
                return "inline";
            });
            assertSame(Thread.currentThread(), ranOn[0], "sync ran on the main thread");
            return value;
        });
        assertEquals("inline", result);
    }

    /**
     * SPEC rule 4.6: {@code sync} on the main queue from a worker waits until the main thread runs
     * the job, and returns its result.
     *
     * <p>If this fails: the synced job must be queued for the main thread, and the worker must
     * wait for it (helping or compensated) rather than run it.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r4_6_syncFromAWorkerWaitsForTheMainThread() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicBoolean reported = new AtomicBoolean();
        thr.schedule(() -> {
            Object outcome;
            try {
                outcome = main.sync(() -> Thread.currentThread());
            } catch (Throwable t) {
                outcome = t;
            }
            result.set(outcome);
            // runUntil re-checks its condition after main jobs: report back with one.
            main.post(() -> reported.set(true));
        });
        assertTrue(main.runUntil(reported::get, TIMEOUT), "the worker's sync never returned");
        assertSame(Thread.currentThread(), result.get(), "the thread the synced main job ran on");
    }

    /**
     * SPEC rule 3.7 for the main queue: {@code isCurrent()} is true on the main thread and false on
     * a worker and on a plain thread.
     *
     * <p>If this fails: the main queue's {@code isCurrent()} must compare the caller with the main
     * thread.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_7_mainQueueIsCurrentOnlyOnTheMainThread() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        assertTrue(main.isCurrent(), "on the main thread");
        assertFalse(Tck1Support.within("isCurrent elsewhere", () -> main.isCurrent()), "on a plain thread");
        AtomicBoolean onWorker = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(1);
        thr.schedule(() -> {
            onWorker.set(main.isCurrent());
            done.countDown();
        });
        await(done, "the unordered job");
        assertFalse(onWorker.get(), "on a worker");
    }

    /**
     * SPEC rule 2.4 for the main queue: a main job that throws is reported with the main queue's
     * name, and the drain goes on with the next job.
     *
     * <p>If this fails: the drain loop must catch each job's failure, report it, and continue.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_4_failedMainJobIsReportedAndTheDrainGoesOn() throws Exception {
        Tck1Support.RecordingHandler handler = new Tck1Support.RecordingHandler();
        Thr thr = newThr(config().failureHandler(handler).build());
        MainQueue main = thr.mainQueue();
        IllegalStateException boom = new IllegalStateException("main job failing on purpose");
        AtomicBoolean after = new AtomicBoolean();
        main.post(Job.named("failing-main-job", () -> {
            throw boom;
        }));
        main.post(() -> after.set(true));
        assertEquals(2, main.drain(), "jobs run by drain, the failed one included");
        assertTrue(after.get(), "the job after the failed one");
        awaitCondition(() -> !handler.of(boom).isEmpty(), "the failure report");
        assertEquals(1, handler.of(boom).size());
        assertEquals(main.name(), handler.of(boom).get(0).where());
        assertEquals("failing-main-job", String.valueOf(handler.of(boom).get(0).job()));
    }

    /**
     * SPEC rule 2.2 for the main queue: plain writes made by workers before posting to the main
     * queue are seen by the main jobs (5,000 posts from 2 workers).
     *
     * <p>If this fails: the hand-off from posting threads to the main thread lacks a
     * release/acquire pair.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_2_plainWritesBeforeAMainPostAreSeen() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        int perPoster = 2_500;
        UnorderedJobTck.Plain[] slots = new UnorderedJobTck.Plain[2 * perPoster];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new UnorderedJobTck.Plain();
        }
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        for (int p = 0; p < 2; p++) {
            int poster = p;
            thr.schedule(() -> {
                for (int i = poster; i < slots.length; i += 2) {
                    UnorderedJobTck.Plain slot = slots[i];
                    long expected = i * 17L + 3;
                    Job job = () -> {
                        if (!slot.holds(expected)) {
                            wrong.incrementAndGet();
                        }
                        ran.incrementAndGet();
                    };
                    slot.write(expected);
                    main.post(job);
                }
            });
        }
        assertTrue(main.runUntil(() -> ran.get() == slots.length, TIMEOUT), "runUntil timed out");
        assertEquals(0, wrong.get(), "main jobs that did not see their poster's plain writes");
    }
}
