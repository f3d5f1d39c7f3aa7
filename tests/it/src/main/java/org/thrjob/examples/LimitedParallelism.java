package org.thrjob.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;
import org.thrjob.api.spi.Checks;

/**
 * thr-job's "Limited parallelism" pattern: post asynchronous jobs but let at most {@code width}
 * of them run at once, well under the number of workers (to spare a disk, a remote service, a
 * connection pool).
 *
 * <p>thrjob gives two ways:
 * <ul>
 *   <li>a limited-width queue, {@link Thr#newQueue(String, int) thr.newQueue(name, width)}: at
 *       most {@code width} of its jobs run at once, started in post order (SPEC rule 3.8). In GCD
 *       terms, a concurrent queue with a width, or a serial queue guarded by a counting
 *       semaphore;</li>
 *   <li>the guide's own recipe: "instantiate a set of queues (no more than the maximum
 *       parallelism you want to allow) and dispatch your jobs in those queues". Each serial queue
 *       runs one job at a time, so {@code width} queues run at most {@code width}; across queues
 *       the order is unordered again.</li>
 * </ul>
 *
 * <pre>{@code
 * try (ThrQueue disk = thr.newQueue("disk", 2)) {
 *     for (Path file : files) {
 *         disk.post(syn, () -> compress(file));    // never more than 2 at once
 *     }
 *     syn.await();
 * }
 * }</pre>
 *
 * <p><b>Thread-safety:</b> stateless; the methods may be called from any thread. Null arguments
 * throw {@link NullPointerException}, a width below 1 or a negative job count
 * {@link IllegalArgumentException}; a closed runtime throws
 * {@link org.thrjob.api.RejectedJobException}.
 */
public final class LimitedParallelism {

    private LimitedParallelism() {
    }

    /**
     * What a run observed.
     *
     * @param ran        how many jobs ran
     * @param maxRunning the most jobs seen running at the same moment
     */
    public record Outcome(int ran, int maxRunning) {
    }

    /**
     * Runs {@code work(0)} to {@code work(jobs - 1)} on one queue of width {@code width}.
     *
     * @param thr   the runtime; not null
     * @param width how many jobs may run at once; at least 1
     * @param jobs  how many jobs; zero or more
     * @param work  the body of job {@code i}; not null
     * @return how many ran and how many ran at once at most
     * @throws NullPointerException                 if {@code thr} or {@code work} is null
     * @throws IllegalArgumentException             if {@code width} or {@code jobs} is out of range
     * @throws org.thrjob.api.JobFailedException   if {@code work} threw, once every job ended
     * @throws org.thrjob.api.RejectedJobException if {@code thr} is closed
     */
    public static Outcome onWidthQueue(Thr thr, int width, int jobs, IntConsumer work) {
        Checks.notNull(thr, "thr");
        Checks.atLeast(width, 1, "width");
        Checks.atLeast(jobs, 0, "jobs");
        Checks.notNull(work, "work");
        Tracker tracker = new Tracker();
        Syn syn = thr.newSyn();
        try (ThrQueue limited = thr.newQueue("limited", width)) {
            for (int i = 0; i < jobs; i++) {
                int index = i;
                limited.post(syn, () -> tracker.run(() -> work.accept(index)));
            }
            syn.await();
        }
        return tracker.outcome();
    }

    /**
     * Runs {@code work(0)} to {@code work(jobs - 1)} dispatched round-robin over {@code width}
     * serial queues: the guide's recipe.
     *
     * @param thr   the runtime; not null
     * @param width how many serial queues, hence how many jobs may run at once; at least 1
     * @param jobs  how many jobs; zero or more
     * @param work  the body of job {@code i}; not null
     * @return how many ran and how many ran at once at most
     * @throws NullPointerException                 if {@code thr} or {@code work} is null
     * @throws IllegalArgumentException             if {@code width} or {@code jobs} is out of range
     * @throws org.thrjob.api.JobFailedException   if {@code work} threw, once every job ended
     * @throws org.thrjob.api.RejectedJobException if {@code thr} is closed
     */
    public static Outcome onSerialQueues(Thr thr, int width, int jobs, IntConsumer work) {
        Checks.notNull(thr, "thr");
        Checks.atLeast(width, 1, "width");
        Checks.atLeast(jobs, 0, "jobs");
        Checks.notNull(work, "work");
        Tracker tracker = new Tracker();
        Syn syn = thr.newSyn();
        List<ThrQueue> queues = new ArrayList<>(width);
        try {
            for (int q = 0; q < width; q++) {
                queues.add(thr.newQueue("limited-" + q));
            }
            for (int i = 0; i < jobs; i++) {
                int index = i;
                queues.get(i % width).post(syn, () -> tracker.run(() -> work.accept(index)));
            }
            syn.await();
        } finally {
            queues.forEach(ThrQueue::close);
        }
        return tracker.outcome();
    }

    /** Counts the jobs running at the same moment, and the most ever seen. */
    private static final class Tracker {
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger maxRunning = new AtomicInteger();
        private final AtomicInteger ran = new AtomicInteger();

        void run(Runnable job) {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                job.run();
            } finally {
                running.decrementAndGet();
                ran.incrementAndGet();
            }
        }

        Outcome outcome() {
            return new Outcome(ran.get(), maxRunning.get());
        }
    }
}
