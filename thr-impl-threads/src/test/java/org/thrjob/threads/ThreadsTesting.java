package org.thrjob.threads;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;

/** Helpers shared by this module's tests. */
final class ThreadsTesting {

    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private ThreadsTesting() {
    }

    /** A configuration with a unique name, 2 workers and a silent failure handler. */
    static ThrConfig.Builder config() {
        return ThrConfig.builder().name("tht" + RUNTIMES.incrementAndGet()).parallelism(2)
                .failureHandler((job, where, failure) -> { });
    }

    static Thr create(ThrConfig config) {
        return new ThreadsThrProvider().create(config);
    }

    /** Whether a live thread's name starts with {@code prefix}. */
    static boolean threadAlive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
    }

    /**
     * One node of thr-job's recursive pattern: halves {@code [lo, hi)} down to single leaves,
     * every node a job scheduled on {@code syn} by the job above it, and counts the leaves.
     */
    static void splitTree(Thr thr, Syn syn, int lo, int hi, AtomicLong leaves) {
        if (hi - lo == 1) {
            leaves.incrementAndGet();
            return;
        }
        int mid = (lo + hi) >>> 1;
        thr.schedule(syn, () -> splitTree(thr, syn, lo, mid, leaves));
        thr.schedule(syn, () -> splitTree(thr, syn, mid, hi, leaves));
    }
}
