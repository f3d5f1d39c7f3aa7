package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.thrjob.api.Job;
import org.thrjob.api.JobQueue;
import org.thrjob.api.MainQueue;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rule 7.2: once close has started, posts from outside the runtime's jobs are refused with a
 * {@link RejectedJobException} naming the runtime or the queue; after close returned, every post
 * is; a closed queue refuses posts while the runtime goes on. A refused job never runs and leaves
 * its syn as it was.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class RejectionTck extends ThrTck {

    /** For providers' test classes. */
    protected RejectionTck() {
    }

    /**
     * SPEC rule 7.2: after {@code close()} returned, {@code schedule}, {@code schedule(syn)},
     * {@code postAfter}, {@code submit}, {@code executor().execute}, {@code forEach} and the three
     * ways to create a queue throw {@link RejectedJobException} naming the runtime; nothing runs
     * and the syn stays idle.
     *
     * <p>If this fails: every entry point that posts or creates must check the runtime's closed
     * state first and throw with {@code name()} in the message.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_2_runtimePostsAfterCloseAreRejectedNamingIt() throws Exception {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        AtomicInteger ran = new AtomicInteger();
        Job job = ran::incrementAndGet;
        Tck1Support.closeWithin(thr);
        Map<String, Executable> posts = new LinkedHashMap<>();
        posts.put("schedule", () -> thr.schedule(job));
        posts.put("schedule(syn)", () -> thr.schedule(syn, job));
        posts.put("postAfter", () -> thr.postAfter(Duration.ZERO, job));
        posts.put("submit", () -> thr.submit(() -> ran.incrementAndGet()));
        posts.put("executor().execute", () -> thr.executor().execute(ran::incrementAndGet));
        posts.put("forEach", () -> thr.forEach(3, i -> ran.incrementAndGet()));
        posts.put("newQueue", () -> thr.newQueue("late"));
        posts.put("newQueue(width)", () -> thr.newQueue("late", 2));
        posts.put("newDedicatedQueue", () -> thr.newDedicatedQueue("tck-late"));
        for (Map.Entry<String, Executable> post : posts.entrySet()) {
            RejectedJobException e = assertThrows(RejectedJobException.class, post.getValue(),
                    post.getKey() + " after close()");
            Tck1Support.assertNames(e, thr.name());
        }
        assertEquals(0, ran.get(), "refused jobs that ran");
        assertEquals(0, syn.pending(), "pending() of a syn whose job was refused");
        assertTrue(syn.await(Duration.ZERO), "await() of a syn whose job was refused");
    }

    /**
     * SPEC rule 7.2: after the runtime's {@code close()} returned, a serial, a width-2 and a
     * dedicated queue made before it, and the main queue, refuse {@code post}, {@code post(syn)},
     * {@code postAfter}, {@code submit} and {@code executor().execute} (and, but for the main
     * queue, {@code sync}) with a {@link RejectedJobException} naming the queue or the runtime.
     *
     * <p>If this fails: closing the runtime must close its queues too, and each queue's posts must
     * check that state.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_2_queuePostsAfterTheRuntimeClosedAreRejected() throws Exception {
        Thr thr = newThr();
        List<JobQueue> queues = List.of(thr.newQueue("after-serial"), thr.newQueue("after-width", 2),
                thr.newDedicatedQueue("tck-after-dedicated"), thr.mainQueue());
        Syn syn = thr.newSyn();
        AtomicInteger ran = new AtomicInteger();
        Tck1Support.closeWithin(thr);
        // Bounded: a sync that is accepted after close would wait forever.
        Tck1Support.within("posts after the runtime closed", () -> {
            for (JobQueue queue : queues) {
                for (Map.Entry<String, Executable> post : queuePosts(queue, syn, ran).entrySet()) {
                    RejectedJobException e = assertThrows(RejectedJobException.class, post.getValue(),
                            post.getKey() + " on " + queue.name() + " after the runtime closed");
                    Tck1Support.assertNamesOneOf(e, queue.name(), thr.name());
                }
            }
        });
        assertEquals(0, ran.get(), "refused jobs that ran");
        assertEquals(0, syn.pending(), "pending() of a syn whose jobs were refused");
    }

    /**
     * SPEC rules 7.2 and 7.4: once a queue is closed, its posts are refused with a
     * {@link RejectedJobException} naming the queue, while the runtime and its other queues still
     * accept jobs; a refused {@code post(syn, job)} leaves the syn idle.
     *
     * <p>If this fails: a queue's closed state must be checked on every post, and a rejected
     * attach must not count the job in the syn.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_2_postsToAClosedQueueAreRejectedNamingIt() throws Exception {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        AtomicInteger ran = new AtomicInteger();
        for (ThrQueue queue : List.of(thr.newQueue("closed-serial"), thr.newQueue("closed-width", 3),
                thr.newDedicatedQueue("tck-closed-dedicated"))) {
            Tck1Support.within("close of " + queue.name() + " and posts to it", () -> {
                queue.close();
                for (Map.Entry<String, Executable> post : queuePosts(queue, syn, ran).entrySet()) {
                    RejectedJobException e = assertThrows(RejectedJobException.class, post.getValue(),
                            post.getKey() + " on closed " + queue.name());
                    Tck1Support.assertNames(e, queue.name());
                }
            });
        }
        assertEquals(0, syn.pending(), "pending() of a syn whose jobs were refused");
        assertTrue(syn.await(Duration.ZERO));
        ThrQueue open = thr.newQueue("still-open");
        assertEquals("ok", Tck1Support.within("a sync on another queue", () -> open.sync(() -> "ok")));
        CountDownLatch unordered = new CountDownLatch(1);
        thr.schedule(unordered::countDown);
        await(unordered, "an unordered job after queues closed");
        assertEquals(0, ran.get(), "refused jobs that ran");
    }

    /**
     * SPEC rule 7.2: a running job cannot post to a queue that was closed, even while it is one of
     * the runtime's jobs.
     *
     * <p>If this fails: the "running jobs may post during the runtime's close" allowance must not
     * extend to queues closed themselves.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_2_aRunningJobCannotPostToAClosedQueue() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("closed-to-jobs");
        Tck1Support.within("close of the queue", () -> queue.close());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        thr.schedule(() -> {
            try {
                queue.post(() -> { });
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                done.countDown();
            }
        });
        await(done, "the posting job");
        assertTrue(thrown.get() instanceof RejectedJobException, "a job's post to a closed queue: " + thrown.get());
        Tck1Support.assertNames(thrown.get(), queue.name());
    }

    /**
     * SPEC rule 7.2: while close is under way (the workers are held, close waits for them), posts
     * from a thread that is not running one of the runtime's jobs are refused: {@code schedule},
     * a queue's {@code post}, {@code newQueue}.
     *
     * <p>If this fails: the runtime must refuse outside posts as soon as close starts, not only
     * once it has finished draining.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_2_outsidePostsAreRejectedOnceCloseStarted() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("closing");
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(thr.parallelism());
        AtomicInteger ran = new AtomicInteger();
        Thread closer;
        try {
            for (int i = 0; i < thr.parallelism(); i++) {
                thr.schedule(() -> {
                    held.countDown();
                    Tck1Support.awaitInJob(gate, "the test's posts during close");
                });
            }
            await(held, "the workers to be held");
            closer = new Thread(thr::close, "tck-closer");
            closer.setDaemon(true);
            closer.start();
            awaitCondition(thr::isClosed, "close to start");
            assertThrows(RejectedJobException.class, () -> thr.schedule(ran::incrementAndGet),
                    "schedule during close");
            assertThrows(RejectedJobException.class, () -> queue.post(ran::incrementAndGet),
                    "post during close");
            assertThrows(RejectedJobException.class, () -> thr.newQueue("during-close"),
                    "newQueue during close");
        } finally {
            Tck1Support.open(gate);
        }
        closer.join(TIMEOUT.toMillis());
        assertTrue(!closer.isAlive(), "close did not return once the held jobs ended");
        assertEquals(0, ran.get(), "refused jobs that ran");
    }

    /**
     * SPEC rule 7.2 (MAY): a job running while the runtime drains may still post, to the runtime
     * and to an open queue, and those jobs run before close returns.
     *
     * <p>If this fails: the provider refuses posts from running jobs during close; allowed, but
     * recursive work then fails during shutdown.
     *
     * @throws Exception on failure
     */
    @Test
    public void optional_r7_2_runningJobsMayPostWhileTheRuntimeDrains() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("drain-posts");
        CountDownLatch gate = new CountDownLatch(1);
        List<Throwable> refused = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger ran = new AtomicInteger();
        try {
            thr.schedule(() -> {
                Tck1Support.awaitInJob(gate, "close to start");
                try {
                    thr.schedule(ran::incrementAndGet);
                    queue.post(ran::incrementAndGet);
                } catch (Throwable t) {
                    refused.add(t);
                }
            });
            CloseTck.openWhenClosing(thr, gate);
            Tck1Support.closeWithin(thr);
        } finally {
            Tck1Support.open(gate);
        }
        assertEquals(List.of(), refused, "posts refused from a job running during close");
        assertEquals(2, ran.get(), "jobs posted during close that ran");
    }

    /**
     * SPEC rule 7.2: after {@code close()} returned (called off the main thread), a main job
     * drained later cannot post to the runtime or its queues any more: every post is refused.
     *
     * <p>If this fails: once close has returned, the "running job may post" allowance is over for
     * every thread, the main thread included.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_2_mainJobsCannotPostOnceCloseReturned() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("after-close-main");
        List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
        thr.mainQueue().post(() -> {
            for (Executable post : List.<Executable>of(() -> thr.schedule(() -> { }),
                    () -> queue.post(() -> { }), () -> thr.mainQueue().post(() -> { }))) {
                try {
                    post.execute();
                    thrown.add(new AssertionError("a post was accepted after close returned"));
                } catch (Throwable t) {
                    thrown.add(t);
                }
            }
        });
        Tck1Support.closeWithin(thr);
        assertEquals(1, thr.mainQueue().drain(), "the main job posted before close");
        assertEquals(3, thrown.size());
        for (Throwable t : thrown) {
            assertTrue(t instanceof RejectedJobException, "a post after close returned: " + t);
        }
    }

    static Map<String, Executable> queuePosts(JobQueue queue, Syn syn, AtomicInteger ran) {
        Job job = ran::incrementAndGet;
        Map<String, Executable> posts = new LinkedHashMap<>();
        posts.put("post", () -> queue.post(job));
        posts.put("post(syn)", () -> queue.post(syn, job));
        posts.put("postAfter", () -> queue.postAfter(Duration.ZERO, job));
        posts.put("submit", () -> queue.submit(() -> ran.incrementAndGet()));
        posts.put("executor().execute", () -> queue.executor().execute(ran::incrementAndGet));
        if (!(queue instanceof MainQueue)) {
            posts.put("sync", () -> queue.sync(job));
        }
        return posts;
    }

    /**
     * SPEC rule 7.2: after {@code close()} returned, scheduling throws
     * {@link RejectedJobException} naming the runtime in quotes, posting to a queue throws one
     * naming the queue in quotes, and posting to the main queue, creating a queue and
     * {@code postAfter} are refused too; the queue reports closed.
     *
     * <p>If this fails: every entry point must check the closed state, and the message must say
     * which runtime or queue refused the job.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_2_postsAfterCloseAreRejectedNamingTheRuntimeOrQueue() throws Exception {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("late");
        Tck1Support.closeWithin(thr);
        RejectedJobException onRuntime = assertThrows(RejectedJobException.class,
                () -> thr.schedule(() -> { }));
        assertTrue(onRuntime.getMessage().contains("'" + thr.name() + "'"), onRuntime.getMessage());
        RejectedJobException onQueue = assertThrows(RejectedJobException.class,
                () -> queue.post(() -> { }));
        assertTrue(onQueue.getMessage().contains("'late'"), onQueue.getMessage());
        assertThrows(RejectedJobException.class, () -> thr.mainQueue().post(() -> { }));
        assertThrows(RejectedJobException.class, () -> thr.newQueue("new"));
        assertThrows(RejectedJobException.class, () -> thr.postAfter(Duration.ofSeconds(1), () -> { }));
        assertTrue(queue.isClosed(), "a queue of a closed runtime");
    }

    /**
     * SPEC rule 7.2: a runtime that ran nothing, once closed, refuses {@code schedule} with
     * {@link RejectedJobException} and the job never runs.
     *
     * <p>If this fails: {@code schedule} must check the closed state before it hands the job to a
     * worker.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r7_2_scheduleOnAFreshRuntimeAfterCloseIsRejected() throws Exception {
        Thr thr = newThr();
        AtomicInteger ran = new AtomicInteger();
        Tck1Support.closeWithin(thr);
        assertThrows(RejectedJobException.class, () -> thr.schedule(ran::incrementAndGet));
        assertEquals(0, ran.get(), "a rejected job ran");
    }
}
