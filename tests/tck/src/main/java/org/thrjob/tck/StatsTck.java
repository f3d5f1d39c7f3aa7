package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.thrjob.api.JobFailedException;
import org.thrjob.api.QueueStats;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;
import org.thrjob.api.ThrStats;

/**
 * SPEC rules 8.1 and 8.2: {@code stats()} counts jobs posted, run and failed, and lists the main
 * queue and the queues with pending jobs.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class StatsTck extends ThrTck {

    /** For subclasses. */
    protected StatsTck() {
    }

    private static Optional<QueueStats> queue(ThrStats stats, String name) {
        return stats.queues().stream().filter(q -> q.name().equals(name)).findFirst();
    }

    /**
     * SPEC rule 8.1: the runtime's identity in its stats.
     *
     * <p>If this fails: fill {@code runtime}, {@code provider} and {@code parallelism} from the
     * runtime itself.
     */
    @Test
    public void required_r8_1_statsNameTheRuntimeAndProvider() {
        Thr thr = newThr(config().parallelism(3).build());
        ThrStats stats = thr.stats();
        assertEquals(thr.name(), stats.runtime());
        assertEquals(thr.providerName(), stats.provider());
        assertEquals(provider().name(), stats.provider());
        assertEquals(3, stats.parallelism());
    }

    /**
     * SPEC rule 8.1: once quiescent, {@code run == posted}, and both grew by exactly the jobs the
     * test posted (unordered, serial and main queue).
     *
     * <p>If this fails: count each job once when posted and once when it ends, whatever its queue;
     * internal tasks (serial-queue drains) are not jobs.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r8_1_postedEqualsRunAfterQuiescence() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r8-1");
        ThrStats before = thr.stats();
        assertNotEquals(ThrStats.NOT_TRACKED, before.posted(), "posted must be tracked");
        assertNotEquals(ThrStats.NOT_TRACKED, before.run(), "run must be tracked");
        Syn syn = thr.newSyn();
        for (int i = 0; i < 1_000; i++) {
            thr.schedule(syn, () -> {
            });
            queue.post(syn, () -> {
            });
        }
        for (int i = 0; i < 10; i++) {
            thr.mainQueue().post(() -> {
            });
        }
        assertEquals(10, thr.mainQueue().drain());
        syn.await();
        awaitCondition(() -> {
            ThrStats s = thr.stats();
            return s.run() == s.posted();
        }, "run == posted");
        ThrStats after = thr.stats();
        assertEquals(2_010, after.posted() - before.posted(), "posted counted " + after);
        assertEquals(2_010, after.run() - before.run(), "run counted " + after);
    }

    /**
     * SPEC rule 8.1: failed jobs are counted as failed and as run.
     *
     * <p>If this fails: count a failure when a job throws, besides counting it as run.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r8_1_failedCountsThrowingJobs() throws InterruptedException {
        Thr thr = newThr(config().failureHandler((job, where, failure) -> {
        }).build());
        ThrStats before = thr.stats();
        assertNotEquals(ThrStats.NOT_TRACKED, before.failed(), "failed must be tracked");
        Syn syn = thr.newSyn();
        CountDownLatch release = SynFailureTck.holdRound(thr, syn);
        for (int i = 0; i < 100; i++) {
            int index = i;
            thr.schedule(syn, () -> {
                if (index % 10 == 0) {
                    throw new IllegalStateException("job " + index);
                }
            });
        }
        release.countDown();
        assertThrows(JobFailedException.class, syn::await);
        awaitCondition(() -> thr.stats().failed() - before.failed() == 10
                && thr.stats().run() == thr.stats().posted(), "10 failed jobs counted");
        ThrStats after = thr.stats();
        assertEquals(101, after.run() - before.run(), "failed jobs count as run too");
    }

    /**
     * SPEC rule 8.2: a queue with pending jobs is listed with its pending count (the running job
     * included), and it is no longer listed as pending once drained.
     *
     * <p>If this fails: list every open queue whose pending count is not zero, with its name,
     * width and counters.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r8_2_queuesListPendingQueues() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r8-2-backlog");
        ThrQueue idle = thr.newQueue("r8-2-idle");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queue.post(() -> {
            started.countDown();
            await(release, "release");
        });
        for (int i = 0; i < 5; i++) {
            queue.post(() -> {
            });
        }
        try {
            await(started, "the blocking job");
            QueueStats backlog = queue(thr.stats(), "r8-2-backlog")
                    .orElseThrow(() -> new AssertionError("queue with 6 pending jobs not listed: "
                            + thr.stats().queues()));
            assertEquals(6, backlog.pending(), backlog.toString());
            assertEquals(1, backlog.width());
            assertEquals(6, queue.pending());
            assertTrue(queue(thr.stats(), "r8-2-idle").map(q -> q.pending() == 0).orElse(true),
                    "an idle queue listed as pending");
            assertEquals(0, idle.pending());
        } finally {
            release.countDown();
        }
        queue.sync(() -> {
        });
        awaitCondition(() -> queue(thr.stats(), "r8-2-backlog").map(q -> q.pending() == 0).orElse(true),
                "the drained queue to show no pending job");
    }

    /**
     * SPEC rule 8.2: the main queue is always listed, with its pending count.
     *
     * <p>If this fails: put the main queue first in {@code queues()}, even when idle.
     */
    @Test
    public void required_r8_2_mainQueueIsListedWithItsPendingCount() {
        Thr thr = newThr();
        String main = thr.mainQueue().name();
        assertTrue(queue(thr.stats(), main).isPresent(), "main queue missing from "
                + thr.stats().queues());
        for (int i = 0; i < 3; i++) {
            thr.mainQueue().post(() -> {
            });
        }
        assertEquals(3, queue(thr.stats(), main).orElseThrow().pending());
        assertEquals(3, thr.mainQueue().drain());
        assertEquals(0, queue(thr.stats(), main).orElseThrow().pending());
        assertEquals(main, thr.stats().queues().get(0).name(), "the main queue comes first");
    }

    /**
     * SPEC rule 8.1: stats stay readable after close, with {@code run == posted}.
     *
     * <p>If this fails: {@code stats()} must not throw after close, and close must have run every
     * job posted before it.
     */
    @Test
    public void required_r8_1_statsAfterCloseShowEverythingRun() {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("r8-1-close");
        for (int i = 0; i < 500; i++) {
            thr.schedule(() -> {
            });
            queue.post(() -> {
            });
        }
        thr.close();
        ThrStats stats = thr.stats();
        assertEquals(stats.posted(), stats.run(), stats.toString());
        assertTrue(stats.posted() >= 1_000, stats.toString());
    }
}
