package org.thrjob.bio.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;

/**
 * The submission clock: stamps are never later than the clock, the ticker runs only while
 * submissions go on, and without a ticker every stamp reads the clock itself.
 */
class CachedClockTest {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    @Test
    void stamp_withoutQueue_readsTheClockEveryTime() {
        CachedClock clock = new CachedClock(null, () -> 0L);
        for (int i = 0; i < 1000; i++) {
            long before = System.nanoTime();
            long stamp = clock.stamp();
            long after = System.nanoTime();
            assertTrue(before <= stamp && stamp <= after,
                    "stamp " + stamp + " outside [" + before + ", " + after + "]");
        }
        assertFalse(clock.ticking(), "a clock without a queue never ticks");
    }

    @Test
    void ticker_advancesWhileSubmissionsGo_stopsWhenTheyStop_andRestartsOnTheNext() {
        AtomicLong submissions = new AtomicLong();
        try (Thr thr = Thr.create(ThrConfig.builder().name("clock-test").parallelism(1).build())) {
            CachedClock clock = new CachedClock(
                    thr.newDedicatedQueue(DefaultBio.CLOCK_QUEUE), submissions::get);
            long first = clock.stamp();
            assertTrue(clock.ticking(), "the first stamp starts the ticker");
            awaitTrue("the ticker to publish a later time", () -> {
                submissions.incrementAndGet();
                long stamp = clock.stamp();
                assertTrue(stamp <= System.nanoTime(), "a stamp is never later than the clock");
                return stamp > first;
            });
            awaitTrue("the ticker to stop once submissions stopped", () -> !clock.ticking());
            long before = System.nanoTime();
            long exact = clock.stamp();
            assertTrue(before <= exact && exact <= System.nanoTime(),
                    "with no ticker a stamp reads the clock");
            assertTrue(clock.ticking(), "a stamp after the stop starts the ticker again");
            clock.close();
            assertFalse(clock.ticking(), "close stops the ticker");
            long afterCloseBefore = System.nanoTime();
            long afterClose = clock.stamp();
            assertTrue(afterCloseBefore <= afterClose && afterClose <= System.nanoTime(),
                    "after close a stamp reads the clock");
            assertFalse(clock.ticking(), "a closed clock starts no ticker");
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + TimeUnit.NANOSECONDS.toSeconds(WAIT_NANOS) + " s for " + what);
            }
            Thread.yield(); // the ticker's thread needs a CPU too
        }
    }
}
