package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rules 5.1, 5.4 and 5.7 on lib-common's recursive patterns: the right one (one syn for the
 * whole tree, completion through continuations) at depth 20, and the forbidden one (a syn and a
 * wait per node) at small depth, which must still terminate thanks to helping.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class RecursivePatternTck extends ThrTck {

    /** For subclasses. */
    protected RecursivePatternTck() {
    }

    /**
     * One node of the tree: leaves count themselves; inner nodes schedule their two children with
     * the one syn, and the last child to finish runs the parent's continuation (the seed's
     * {@code atomic_fetch_sub(&count, 1) == 1}).
     */
    private static void node(Thr thr, Syn syn, int depth, AtomicLong leaves, Runnable onDone) {
        if (depth == 0) {
            leaves.incrementAndGet();
            onDone.run();
            return;
        }
        AtomicInteger children = new AtomicInteger(2);
        Runnable childDone = () -> {
            if (children.decrementAndGet() == 0) {
                onDone.run();
            }
        };
        for (int i = 0; i < 2; i++) {
            thr.schedule(syn, () -> node(thr, syn, depth - 1, leaves, childDone));
        }
    }

    /**
     * SPEC rules 5.1 and 5.7: a tree of depth 20 (2^20 leaves, about 2 million jobs) with one syn:
     * the root's continuation runs once after every leaf, and {@code whenDone} runs once after it.
     * No thread waits inside a job, so nothing can deadlock.
     *
     * <p>If this fails: check that jobs attached by running jobs keep the round open, that local
     * deque overflow runs jobs inline without losing them, and that {@code whenDone} fires once.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_7_recursiveTreeWithOneSynAndWhenDoneAtDepth20() throws InterruptedException {
        Thr thr = newThr();
        ThrQueue queue = thr.newQueue("tree-done");
        Syn syn = thr.newSyn();
        AtomicLong leaves = new AtomicLong();
        AtomicInteger rootDone = new AtomicInteger();
        AtomicLong leavesAtRootDone = new AtomicLong();
        thr.schedule(syn, () -> node(thr, syn, 20, leaves, () -> {
            leavesAtRootDone.set(leaves.get());
            rootDone.incrementAndGet();
        }));
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger continuations = new AtomicInteger();
        AtomicLong leavesAtContinuation = new AtomicLong();
        syn.whenDone(queue, () -> {
            leavesAtContinuation.set(leaves.get());
            continuations.incrementAndGet();
            done.countDown();
        });
        await(done, "the tree's whenDone continuation");
        queue.sync(() -> {
        });
        assertEquals(1L << 20, leavesAtRootDone.get(), "the root's continuation ran early");
        assertEquals(1, rootDone.get());
        assertEquals(1L << 20, leavesAtContinuation.get(), "whenDone ran before the last leaf");
        assertEquals(1, continuations.get());
    }

    /** The forbidden pattern: a syn and a nested wait per node. */
    private static long nestedWaitTree(Thr thr, int depth, Set<Thread> threads) {
        threads.add(Thread.currentThread());
        if (depth == 0) {
            return 1;
        }
        Syn syn = thr.newSyn();
        AtomicLong sum = new AtomicLong();
        for (int i = 0; i < 2; i++) {
            thr.schedule(syn, () -> sum.addAndGet(nestedWaitTree(thr, depth - 1, threads)));
        }
        syn.await();
        return sum.get();
    }

    /**
     * SPEC rule 5.4: the forbidden spawn/wait/done pattern at depth 8 (every node waits on its own
     * syn) still terminates with 2 workers and at most 4 spares, and runs on no more threads than
     * that.
     *
     * <p>If this fails: a waiting worker must run pending jobs (its own deque first) and start
     * spares only within {@code maxSpareWorkers()}.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_4_forbiddenNestedWaitPatternStillTerminates() throws InterruptedException {
        int parallelism = 2;
        int maxSpare = 4;
        Thr thr = newThr(config().parallelism(parallelism).maxSpareWorkers(maxSpare).build());
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicLong leaves = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        thr.schedule(() -> {
            leaves.set(nestedWaitTree(thr, 8, threads));
            done.countDown();
        });
        await(done, "the nested-wait tree");
        assertEquals(256, leaves.get());
        assertTrue(threads.size() <= parallelism + maxSpare, "ran on " + threads.size() + " threads");
    }

    /**
     * SPEC rule 5.4: the forbidden pattern with one worker and no spare terminates by helping
     * alone.
     *
     * <p>If this fails: with no spare allowed, a waiter must run the jobs it waits for itself.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r5_4_nestedWaitWithOneWorkerAndNoSpareHelps() throws InterruptedException {
        Thr thr = newThr(config().parallelism(1).maxSpareWorkers(0).build());
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicLong leaves = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        thr.schedule(() -> {
            leaves.set(nestedWaitTree(thr, 6, threads));
            done.countDown();
        });
        await(done, "the nested-wait tree on one worker");
        assertEquals(64, leaves.get());
        assertEquals(1, threads.size(), "ran on " + threads);
    }

    /**
     * SPEC rule 5.1: divide and conquer over a tree from outside the pool: one syn, an
     * {@code await} on the caller, 2^16 leaves.
     *
     * <p>If this fails: see {@link #required_r5_7_recursiveTreeWithOneSynAndWhenDoneAtDepth20()}.
     */
    @Test
    public void required_r5_1_treeWithOneSynAwaitedFromOutside() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        AtomicLong leaves = new AtomicLong();
        node(thr, syn, 16, leaves, () -> {
        });
        syn.await();
        assertEquals(1L << 16, leaves.get());
    }
}
