package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.JobQueue;
import org.thrjob.api.ScheduledJob;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rules 6.6, 6.7 and 3.11: {@code postAfter} never fires early, {@code cancel} and firing
 * exclude each other, and a timer posts to its own queue.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class TimerTck extends ThrTck {

    /** For subclasses. */
    protected TimerTck() {
    }

    /** Posts timers with several delays to {@code queue} (or the runtime if null) and checks each. */
    private void assertNoneEarly(Thr thr, JobQueue queue) throws InterruptedException {
        long[] delaysMillis = {0, 1, 2, 5, 10, 20, 50};
        int perDelay = 5;
        int n = delaysMillis.length * perDelay;
        AtomicLongArray elapsed = new AtomicLongArray(n);
        CountDownLatch ran = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            Duration delay = Duration.ofMillis(delaysMillis[i % delaysMillis.length]);
            long start = System.nanoTime();
            Runnable body = () -> {
                elapsed.set(index, System.nanoTime() - start);
                ran.countDown();
            };
            if (queue == null) {
                thr.postAfter(delay, body::run);
            } else {
                queue.postAfter(delay, body::run);
            }
        }
        await(ran, "every timer");
        for (int i = 0; i < n; i++) {
            long asked = Duration.ofMillis(delaysMillis[i % delaysMillis.length]).toNanos();
            assertTrue(elapsed.get(i) >= asked, "a timer of " + asked + " ns ran after "
                    + elapsed.get(i) + " ns");
        }
    }

    /**
     * SPEC rule 6.6: unordered timers run no earlier than asked, measured with
     * {@code System.nanoTime()} from the call.
     *
     * <p>If this fails: compute the due time from {@code System.nanoTime()} at the call (not the
     * wall clock) and never round the delay down.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r6_6_postAfterRunsNoEarlierThanAsked() throws InterruptedException {
        assertNoneEarly(newThr(), null);
    }

    /**
     * SPEC rules 6.6 and 3.11: timers of a serial queue run no earlier than asked, as jobs of that
     * queue.
     *
     * <p>If this fails: a queue's timer must post to that queue when due.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r6_6_queuePostAfterRunsNoEarlierThanAsked() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r6-6");
        assertNoneEarly(thr, queue);
        AtomicReference<Boolean> onQueue = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        queue.postAfter(Duration.ofMillis(1), () -> {
            onQueue.set(queue.isCurrent());
            ran.countDown();
        });
        await(ran, "the queue's timer");
        assertEquals(Boolean.TRUE, onQueue.get());
    }

    /**
     * SPEC rule 3.11: timers of a serial queue keep its rules: one at a time, and a timer posted to
     * the main queue runs on the main thread when it drains.
     *
     * <p>If this fails: do not run a due timer's job directly on the timer thread; post it to its
     * queue.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r3_11_timersKeepTheQueuesRules() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r3-11");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            queue.postAfter(Duration.ofMillis(i % 3), () -> {
                if (running.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                Thread.onSpinWait();
                running.decrementAndGet();
                ran.incrementAndGet();
            });
        }
        AtomicReference<Thread> mainRan = new AtomicReference<>();
        thr.mainQueue().postAfter(Duration.ofMillis(1), () -> mainRan.set(Thread.currentThread()));
        // runUntil re-checks its condition after main jobs only: wait for the others apart.
        assertTrue(thr.mainQueue().runUntil(() -> mainRan.get() != null, TIMEOUT),
                "the main queue's timer did not run");
        assertSame(Thread.currentThread(), mainRan.get());
        awaitCondition(() -> ran.get() == 200, "the serial queue's 200 timers");
        assertEquals(0, overlaps.get(), "two timers of one serial queue ran at once");
    }

    /**
     * SPEC rule 6.7: cancelling before the job is due returns true and the job never runs.
     *
     * <p>If this fails: {@code cancel} must remove the timer or mark it so that its firing posts
     * nothing.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r6_7_cancelBeforeDueNeverRuns() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r6-7");
        AtomicInteger cancelledRan = new AtomicInteger();
        List<ScheduledJob> handles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // Each is cancelled right after it is posted, so that only a stall of the test thread
            // longer than the delay (not the time to post all forty) could let one fire first.
            handles.add(cancelled(thr.postAfter(Duration.ofMillis(500), cancelledRan::incrementAndGet)));
            handles.add(cancelled(queue.postAfter(Duration.ofMillis(500), cancelledRan::incrementAndGet)));
        }
        for (ScheduledJob handle : handles) {
            assertTrue(handle.isCancelled());
            assertFalse(handle.isPosted());
        }
        // Later timers on the same paths firing prove that the cancelled ones had their chance.
        CountDownLatch later = new CountDownLatch(2);
        thr.postAfter(Duration.ofMillis(700), later::countDown);
        queue.postAfter(Duration.ofMillis(700), later::countDown);
        await(later, "the later timers");
        queue.sync(() -> {
        });
        assertEquals(0, cancelledRan.get(), "a cancelled timer ran");
    }

    private static ScheduledJob cancelled(ScheduledJob handle) {
        assertTrue(handle.cancel(), "cancel of a timer 500 ms before it is due returned false");
        return handle;
    }

    /**
     * SPEC rule 6.7: cancel racing the timer firing: for each of many timers, exactly one of
     * "cancel returned true" and "the job ran" happens.
     *
     * <p>If this fails: cancel and fire must decide through one atomic state change (a CAS from
     * scheduled to cancelled or to posted).
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r6_7_cancelRacingFireExactlyOneHappens() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r6-7-race");
        int n = 2_000;
        AtomicIntegerArray ran = new AtomicIntegerArray(n);
        boolean[] cancelled = new boolean[n];
        AtomicInteger ranCount = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            int index = i;
            Duration delay = Duration.ofNanos((i % 4) * 250_000L);
            ScheduledJob handle = (i % 2 == 0 ? thr.postAfter(delay, () -> {
                ran.incrementAndGet(index);
                ranCount.incrementAndGet();
            }) : queue.postAfter(delay, () -> {
                ran.incrementAndGet(index);
                ranCount.incrementAndGet();
            }));
            if (i % 3 == 0) {
                Thread.onSpinWait();
            }
            cancelled[i] = handle.cancel();
            assertFalse(cancelled[i] && handle.isPosted(), "timer " + i + " both cancelled and posted");
        }
        int notCancelled = 0;
        for (boolean c : cancelled) {
            notCancelled += c ? 0 : 1;
        }
        int expected = notCancelled;
        awaitCondition(() -> ranCount.get() >= expected, expected + " uncancelled timers to run");
        // A final timer, due after every raced one, and a sync flush the stragglers.
        CountDownLatch last = new CountDownLatch(2);
        thr.postAfter(Duration.ofMillis(5), last::countDown);
        queue.postAfter(Duration.ofMillis(5), last::countDown);
        await(last, "the final timers");
        queue.sync(() -> {
        });
        for (int i = 0; i < n; i++) {
            assertEquals(cancelled[i] ? 0 : 1, ran.get(i), "timer " + i + ": cancel() returned "
                    + cancelled[i] + " and the job ran " + ran.get(i) + " times");
        }
    }

    /**
     * SPEC rule 6.7: a second cancel, or a cancel after the job was posted, returns false.
     *
     * <p>If this fails: {@code cancel} must return true only for the call that cancelled.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r6_7_cancelAfterPostOrTwiceReturnsFalse() throws InterruptedException {
        Thr thr = newThr();
        ScheduledJob far = thr.postAfter(Duration.ofHours(1), () -> {
        });
        assertTrue(far.cancel());
        assertFalse(far.cancel(), "second cancel must return false");
        CountDownLatch ran = new CountDownLatch(1);
        ScheduledJob now = thr.postAfter(Duration.ZERO, ran::countDown);
        await(ran, "a zero-delay timer");
        assertTrue(now.isPosted());
        assertFalse(now.cancel(), "cancel after the job ran must return false");
        assertFalse(now.isCancelled());
    }

    /**
     * SPEC rules 6.6 and 2.7: a negative delay throws {@link IllegalArgumentException}, nulls
     * throw {@link NullPointerException}, and nothing is posted.
     *
     * <p>If this fails: check the arguments before arming the timer.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r6_6_badArgumentsThrow() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r6-6-args");
        AtomicBoolean ran = new AtomicBoolean();
        assertThrows(IllegalArgumentException.class, () -> thr.postAfter(Duration.ofMillis(-1), () -> ran.set(true)));
        assertThrows(IllegalArgumentException.class, () -> queue.postAfter(Duration.ofMillis(-1), () -> ran.set(true)));
        assertThrows(NullPointerException.class, () -> thr.postAfter(null, () -> ran.set(true)));
        assertThrows(NullPointerException.class, () -> queue.postAfter(Duration.ZERO, null));
        CountDownLatch flushed = new CountDownLatch(1);
        thr.postAfter(Duration.ofMillis(1), flushed::countDown);
        await(flushed, "a valid timer");
        queue.sync(() -> {
        });
        assertFalse(ran.get(), "a rejected timer ran");
    }
}
