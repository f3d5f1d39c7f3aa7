package org.thrjob.bench;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;

/**
 * Divide and conquer over a tree: a range of {@value #LEAVES} (2^20) leaves halved recursively down
 * to single leaves, every node a job: 2^21 - 1 jobs per operation, the leaves empty.
 *
 * <ul>
 *   <li>{@code thr-forkjoin}: thr-job's recursive pattern with one syn: each node schedules its
 *       two halves with {@code thr.schedule(syn, ...)} from the worker that runs it (its own
 *       bounded deque), and only the root waits, once, with {@code syn.await()};</li>
 *   <li>{@code recursive-action}: a {@code RecursiveAction} whose {@code compute} does
 *       {@code invokeAll(left, right)}, invoked on a {@code new ForkJoinPool(2)}: the JDK's own
 *       fork/join, where every node joins its children.</li>
 * </ul>
 * The score is ms per tree. Target (issue 3): {@code thr-threads} at least 0.8× the throughput of
 * {@code recursive-action} (at most 1.25× its time per tree).
 *
 * <p>Run it alone with
 * <pre>
 * tests/bench/run.sh RecursiveTreeBench
 * </pre>
 * or by hand:
 * <pre>
 * java -Dthr.provider=forkjoin -jar tests/bench/target/benchmarks.jar RecursiveTreeBench \
 *     -f 3 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 *
 * <p>Thread-safety: JMH drives one benchmark thread; the jobs share nothing but the runtime and
 * the syn, both thread-safe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RecursiveTreeBench {

    /** Leaves of the tree: 2^20. */
    public static final int LEAVES = 1 << 20;

    /** Which contender runs: a thrjob provider ({@code thr-<name>}) or the JDK baseline. */
    @Param({"thr-threads", "thr-forkjoin", "recursive-action"})
    public String impl;

    private Thr thr;
    private Syn syn;
    private ForkJoinPool forkJoinPool;

    /** For JMH. */
    public RecursiveTreeBench() {
    }

    /** Starts the contender named by {@link #impl}. */
    @Setup(Level.Trial)
    public void setUp() {
        if (Pools.isThr(impl)) {
            thr = Pools.newThr(impl);
            syn = thr.newSyn();
        } else if (impl.equals("recursive-action")) {
            forkJoinPool = Pools.newForkJoinPool();
        } else {
            throw Pools.unknown(impl);
        }
    }

    /** Stops the contender and joins its threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Pools.close(thr);
        Pools.shutdown(forkJoinPool);
    }

    /** Runs the whole tree and returns once every leaf has run. */
    @Benchmark
    public void tree() {
        if (thr != null) {
            thr.schedule(syn, () -> split(0, LEAVES));
            syn.await();
        } else {
            forkJoinPool.invoke(new Node(0, LEAVES));
        }
    }

    /** One node of the thrjob tree: schedules its halves on the same syn and returns at once. */
    private void split(int lo, int hi) {
        if (hi - lo == 1) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        thr.schedule(syn, () -> split(lo, mid));
        thr.schedule(syn, () -> split(mid, hi));
    }

    /** One node of the {@code RecursiveAction} tree: forks its halves and joins them. */
    private static final class Node extends RecursiveAction {

        private static final long serialVersionUID = 1L;

        private final int lo;
        private final int hi;

        Node(int lo, int hi) {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Node(lo, mid), new Node(mid, hi));
        }
    }
}
