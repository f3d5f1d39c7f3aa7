package org.thrjob.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * A serial queue that goes idle is dropped from the runtime's list of active queues, so that
 * {@code stats().queues()} does not list it. SPEC rule 8.2 asks only that queues with pending jobs
 * be listed, so this provider's choice is checked here rather than in the TCK.
 */
class IdleQueueStatsTest {

    @RepeatedTest(5)
    void post_idleBusyFlapping_everyJobRunsAndStatsForgetTheIdleQueue() throws Exception {
        try (Thr thr = ForkJoinTesting.create(ForkJoinTesting.config().build())) {
            ThrQueue queue = thr.newQueue("flapping");
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < 2_000; i++) {
                // sync leaves the queue idle after each job: every post is an idle -> busy edge.
                queue.sync(ran::incrementAndGet);
            }
            assertEquals(2_000, ran.get());
            assertEquals(0, queue.pending());
            assertTrue(thr.stats().queues().stream().noneMatch(q -> q.name().equals("flapping")),
                    "an idle queue is listed in stats: " + thr.stats().queues());
        }
    }
}
