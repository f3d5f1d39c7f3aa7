package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.Thr;

/**
 * The loop's before-sleep/after-sleep hook, used as Redis uses it for the module GIL: a lock held
 * for the whole turn (requests, main-queue jobs) and free only while the loop sleeps.
 */
class SleepHookTest {

    /** A GIL as a sleep hook, recording its calls. */
    private static final class LockHook implements SleepHook {
        final ReentrantLock lock = new ReentrantLock();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile int failAfterSleepCall = -1;
        private int afterCalls;

        @Override
        public void beforeSleep() {
            calls.add("before");
            lock.unlock();
        }

        @Override
        public void afterSleep() {
            if (++afterCalls == failAfterSleepCall) {
                calls.add("after-threw");
                throw new IllegalStateException("afterSleep failed on purpose");
            }
            lock.lock();
            calls.add("after");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void hook_holdsTheLockForRequestsAndJobs_andFreesItOnlyAsleep(String provider) throws Exception {
        LockHook hook = new LockHook();
        try (Thr thr = Providers.thr(provider)) {
            List<Boolean> heldInHandler = Collections.synchronizedList(new ArrayList<>());
            EventLoop loop = EventLoop.open(thr, ChannelConfig.builder().port(0).build(), (c, args, slot) -> {
                heldInHandler.add(hook.lock.isHeldByCurrentThread());
                slot.reply(Reply.OK);
            }, hook);
            LoopThread main = LoopThread.start(loop, "sleep-hook-main");
            Providers.until(loop::isRunning, "the loop runs");
            try (RawClient client = new RawClient(loop.port())) {
                for (int round = 0; round < 50; round++) {
                    client.send("PING\r\nPING\r\n");
                    assertEquals("+OK\r\n+OK\r\n", client.read(10));
                    // A worker takes the lock as a thread-safe context does: it gets it while the loop sleeps.
                    assertTrue(hook.lock.tryLock(30, TimeUnit.SECONDS), "the lock was not free while the loop slept");
                    hook.lock.unlock();
                    CountDownLatch ran = new CountDownLatch(1);
                    List<Boolean> heldInJob = new ArrayList<>();
                    thr.mainQueue().post(() -> {
                        heldInJob.add(hook.lock.isHeldByCurrentThread());
                        ran.countDown();
                    });
                    Providers.await(ran, "a main-queue job");
                    assertEquals(List.of(true), heldInJob, "a main-queue job ran without the lock");
                }
            }
            loop.stop();
            Providers.await(main.ended, "the loop to stop");
            assertSame(null, main.failure.get());
        }
        assertTrue(hook.calls.size() >= 4, "the loop slept between requests: " + hook.calls);
        assertFalse(hook.lock.isLocked(), "the last afterSleep got its beforeSleep when the loop stopped");
        assertAlternating(hook.calls);
        assertEquals("after", hook.calls.get(0), "the loop wakes into its first turn");
        assertEquals("before", hook.calls.get(hook.calls.size() - 1), "the loop ends asleep");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void hook_thatThrows_stopsTheLoop_andRunRethrowsAfterCleanup(String provider) throws Exception {
        LockHook hook = new LockHook();
        hook.failAfterSleepCall = 2;
        try (Thr thr = Providers.thr(provider)) {
            EventLoop loop = EventLoop.open(thr, ChannelConfig.builder().port(0).build(),
                    (c, args, slot) -> slot.reply(Reply.OK), hook);
            LoopThread main = LoopThread.start(loop, "sleep-hook-main");
            Providers.until(() -> hook.calls.contains("before"), "the loop sleeps");
            // The first wake-up (start) worked; a job wakes the loop again, and that afterSleep throws.
            thr.mainQueue().post(() -> { });
            Providers.await(main.ended, "the loop to stop on the hook's exception");
            Throwable failure = main.failure.get();
            assertTrue(failure instanceof IllegalStateException, "run rethrew " + failure);
            assertEquals("afterSleep failed on purpose", failure.getMessage());
            assertFalse(loop.isRunning());
            assertThrows(IllegalStateException.class, loop::run, "a stopped loop cannot run again");
        }
        assertEquals(List.of("after", "before", "after-threw"), hook.calls,
                "no beforeSleep follows an afterSleep that threw");
        assertFalse(hook.lock.isLocked());
    }

    private static void assertAlternating(List<String> calls) {
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(i % 2 == 0 ? "after" : "before", calls.get(i), "call " + i + " of " + calls);
        }
    }
}
