package org.thrjob.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Job;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.ScheduledJob;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/** Close drains every kind of queue, refuses late posts, and leaves no thread (SPEC 7.x). */
class CloseTest {

    @RepeatedTest(3)
    void close_withWorkEverywhere_runsEveryJobIncludingTheirRecursivePosts() {
        AtomicInteger ran = new AtomicInteger();
        Thr thr = ThreadsTesting.create(ThreadsTesting.config().build());
        ThrQueue serial = thr.newQueue("serial");
        ThrQueue width = thr.newQueue("width", 3);
        ThrQueue dedicated = thr.newDedicatedQueue("dedicated-" + thr.name());
        Job recursive = new Job() {
            int depth;

            @Override
            public void run() {
                ran.incrementAndGet();
                if (++depth < 50) {
                    serial.post(this); // a running job may post while the runtime drains
                }
            }
        };
        for (int i = 0; i < 500; i++) {
            thr.schedule(ran::incrementAndGet);
            width.post(ran::incrementAndGet);
            dedicated.post(ran::incrementAndGet);
        }
        serial.post(recursive);
        thr.close();
        assertEquals(1500 + 50, ran.get());
        assertEquals(thr.stats().posted(), thr.stats().run());
        assertFalse(ThreadsTesting.threadAlive(thr.name() + "-"));
    }

    @Test
    void close_fromOwnWorker_throwsIllegalState() throws Exception {
        Thr thr = ThreadsTesting.create(ThreadsTesting.config().build());
        try {
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
            ThreadsTesting.await(done, "the job");
            assertInstanceOf(IllegalStateException.class, thrown.get());
            assertTrue(thrown.get().getMessage().contains(thr.name()), thrown.get().getMessage());
            assertFalse(thr.isClosed());
        } finally {
            thr.close();
        }
    }

    @Test
    void close_twiceAndFromTwoThreads_isHarmless() throws Exception {
        Thr thr = ThreadsTesting.create(ThreadsTesting.config().build());
        thr.schedule(() -> { });
        Thread other = new Thread(thr::close);
        other.start();
        thr.close();
        other.join(ThreadsTesting.TIMEOUT.toMillis());
        assertFalse(other.isAlive());
        thr.close();
        assertTrue(thr.isClosed());
    }

    @Test
    void post_afterClose_isRejectedNamingRuntimeOrQueue() {
        Thr thr = ThreadsTesting.create(ThreadsTesting.config().build());
        ThrQueue queue = thr.newQueue("late");
        thr.close();
        RejectedJobException onRuntime = assertThrows(RejectedJobException.class,
                () -> thr.schedule(() -> { }));
        assertTrue(onRuntime.getMessage().contains("'" + thr.name() + "'"), onRuntime.getMessage());
        RejectedJobException onQueue = assertThrows(RejectedJobException.class,
                () -> queue.post(() -> { }));
        assertTrue(onQueue.getMessage().contains("'late'"), onQueue.getMessage());
        assertThrows(RejectedJobException.class, () -> thr.mainQueue().post(() -> { }));
        assertThrows(RejectedJobException.class, () -> thr.newQueue("new"));
        assertThrows(RejectedJobException.class, () -> thr.postAfter(Duration.ofSeconds(1), () -> { }));
        assertTrue(queue.isClosed());
    }

    @Test
    void close_timerNotYetDue_isCancelledAndNeverRuns() {
        AtomicInteger ran = new AtomicInteger();
        Thr thr = ThreadsTesting.create(ThreadsTesting.config().build());
        ScheduledJob later = thr.newQueue("timers").postAfter(Duration.ofHours(1), ran::incrementAndGet);
        thr.close();
        assertTrue(later.isCancelled());
        assertFalse(later.isPosted());
        assertFalse(later.cancel());
        assertEquals(0, ran.get());
    }

    @Test
    void close_onMainThread_drainsMainJobsPostedByWorkers() {
        AtomicInteger ran = new AtomicInteger();
        Thr thr = ThreadsTesting.create(ThreadsTesting.config().build());
        for (int i = 0; i < 100; i++) {
            thr.schedule(() -> thr.mainQueue().post(ran::incrementAndGet));
        }
        thr.close();
        assertEquals(100, ran.get());
    }

    @Test
    void queueClose_false_refusesAtOnceButRunsWhatWasPosted() throws Exception {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().build())) {
            ThrQueue queue = thr.newQueue("closing");
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            queue.post(() -> ThreadsTesting.await(release, "the release"));
            queue.post(ran::incrementAndGet);
            queue.close(false);
            assertThrows(RejectedJobException.class, () -> queue.post(() -> { }));
            release.countDown();
            queue.close(true);
            assertEquals(1, ran.get());
            assertEquals(0, queue.pending());
        }
    }

    @RepeatedTest(10)
    void queueClose_racingPostersOnDedicatedQueue_everyAcceptedPostRuns() throws Exception {
        closeWhilePosting(true);
    }

    @RepeatedTest(10)
    void queueClose_racingPostersOnSerialQueue_everyAcceptedPostRuns() throws Exception {
        closeWhilePosting(false);
    }

    private static void closeWhilePosting(boolean dedicated) throws Exception {
        Thr thr = ThreadsTesting.create(ThreadsTesting.config().build());
        try {
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
                });
                posters[p].start();
            }
            ThreadsTesting.await(posting, "the posters");
            queue.close(true);
            for (Thread poster : posters) {
                poster.join(ThreadsTesting.TIMEOUT.toMillis());
                assertFalse(poster.isAlive());
            }
            // A post accepted while close(true) ran may still be running: the runtime's close
            // waits for every accepted job.
            thr.close();
            assertTrue(accepted.get() >= 2, "each poster's first post was accepted before the close");
            assertEquals(accepted.get(), ran.get());
        } finally {
            thr.close();
        }
    }

    @Test
    void queueCloseTrue_fromOwnJob_throwsIllegalState() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().build())) {
            ThrQueue queue = thr.newQueue("self");
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            queue.sync(() -> {
                try {
                    queue.close(true);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            assertInstanceOf(IllegalStateException.class, thrown.get());
            assertFalse(queue.isClosed());
        }
    }
}
