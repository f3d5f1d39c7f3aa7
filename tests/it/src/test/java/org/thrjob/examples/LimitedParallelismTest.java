package org.thrjob.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.thrjob.api.Thr;

/**
 * Limited parallelism: a queue of width {@code w}, or {@code w} serial queues, never run more
 * than {@code w} jobs at once, and do reach {@code w} when the jobs allow it.
 *
 * <p>"Reaches" is proven without timing: the first {@code w} jobs each wait on a latch that only
 * opens once all {@code w} of them are running. "Never exceeds" is checked twice: while that first
 * wave blocks, any extra job a broken limit let start would be counted, and repeated rounds of
 * short jobs give races their chance.
 */
@Timeout(60)
class LimitedParallelismTest {

    private static final int WIDTH = 3;

    private Thr thr;

    @BeforeEach
    void createRuntime() {
        thr = Runtimes.create();
    }

    @AfterEach
    void closeRuntime() {
        thr.close();
    }

    /** Work whose first {@code WIDTH} calls wait until all of them run at the same time. */
    private static IntConsumer firstWaveMeetsAtALatch() {
        CountDownLatch firstWave = new CountDownLatch(WIDTH);
        return index -> {
            if (index < WIDTH) {
                firstWave.countDown();
                try {
                    if (!firstWave.await(Runtimes.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the first " + WIDTH + " jobs never ran at once");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** A little work, so that jobs overlap when the limit lets them. */
    private static void spin(int index) {
        PostAndNotify.sumOfPrimesBelow(300 + index % 7);
    }

    @Test
    void onWidthQueue_firstWaveBlocks_reachesTheWidthAndNeverExceedsIt() {
        LimitedParallelism.Outcome outcome =
                LimitedParallelism.onWidthQueue(thr, WIDTH, 50, firstWaveMeetsAtALatch());

        assertEquals(50, outcome.ran());
        assertEquals(WIDTH, outcome.maxRunning());
    }

    @Test
    void onWidthQueue_repeatedRoundsOfShortJobs_neverExceedTheWidth() {
        for (int round = 0; round < 20; round++) {
            LimitedParallelism.Outcome outcome =
                    LimitedParallelism.onWidthQueue(thr, WIDTH, 200, LimitedParallelismTest::spin);

            assertEquals(200, outcome.ran(), "round " + round);
            assertTrue(outcome.maxRunning() <= WIDTH,
                    "round " + round + ": " + outcome.maxRunning() + " jobs ran at once");
        }
    }

    @Test
    void onSerialQueues_firstWaveBlocks_reachesTheWidthAndNeverExceedsIt() {
        LimitedParallelism.Outcome outcome =
                LimitedParallelism.onSerialQueues(thr, WIDTH, 50, firstWaveMeetsAtALatch());

        assertEquals(50, outcome.ran());
        assertEquals(WIDTH, outcome.maxRunning());
    }

    @Test
    void onSerialQueues_repeatedRoundsOfShortJobs_neverExceedTheWidth() {
        for (int round = 0; round < 20; round++) {
            LimitedParallelism.Outcome outcome =
                    LimitedParallelism.onSerialQueues(thr, WIDTH, 200, LimitedParallelismTest::spin);

            assertEquals(200, outcome.ran(), "round " + round);
            assertTrue(outcome.maxRunning() <= WIDTH,
                    "round " + round + ": " + outcome.maxRunning() + " jobs ran at once");
        }
    }

    @Test
    void onWidthQueue_noJobs_runsNothing() {
        assertEquals(new LimitedParallelism.Outcome(0, 0),
                LimitedParallelism.onWidthQueue(thr, WIDTH, 0, index -> { }));
        assertEquals(new LimitedParallelism.Outcome(0, 0),
                LimitedParallelism.onSerialQueues(thr, WIDTH, 0, index -> { }));
    }
}
