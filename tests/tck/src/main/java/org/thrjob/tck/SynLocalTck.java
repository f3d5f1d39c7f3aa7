package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Syn;
import org.thrjob.api.SynLocal;
import org.thrjob.api.Thr;

/**
 * SPEC rule 5.8: per-thread accumulators of a syn ({@code thr_syn_declare/acquire/collect_td}).
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class SynLocalTck extends ThrTck {

    /** For subclasses. */
    protected SynLocalTck() {
    }

    /**
     * SPEC rule 5.8: map-reduce without locks: after {@code await}, {@code collect} returns exactly
     * one accumulator per thread that called {@code get}, and their plain (non-volatile) sums add
     * up to the right total.
     *
     * <p>If this fails: {@code get} must create one value per thread (not per call, not shared),
     * {@code collect} must return each once, and the jobs' ends must happen-before it.
     */
    @Test
    public void required_r5_8_collectsOneAccumulatorPerThreadAndTheSumIsRight() {
        Thr thr = newThr();
        for (int round = 0; round < 5; round++) {
            Syn syn = thr.newSyn();
            SynLocal<long[]> sums = syn.local(() -> new long[1]);
            Map<Thread, long[]> byThread = new ConcurrentHashMap<>();
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                long x = i;
                thr.schedule(syn, () -> {
                    long[] mine = sums.get();
                    long[] earlier = byThread.putIfAbsent(Thread.currentThread(), mine);
                    if (earlier != null && earlier != mine) {
                        throw new AssertionError("a second accumulator for " + Thread.currentThread());
                    }
                    mine[0] += x;
                });
            }
            syn.await();
            List<long[]> collected = sums.collect();
            assertEquals(byThread.size(), collected.size(),
                    "collect must return one value per thread that called get()");
            Map<long[], Boolean> distinct = new IdentityHashMap<>();
            collected.forEach(a -> distinct.put(a, Boolean.TRUE));
            assertEquals(collected.size(), distinct.size(), "collect returned a value twice");
            assertTrue(byThread.values().stream().allMatch(distinct::containsKey),
                    "collect missed a thread's value");
            long total = collected.stream().mapToLong(a -> a[0]).sum();
            assertEquals((long) n * (n - 1) / 2, total, "round " + round);
        }
    }

    /**
     * SPEC rule 5.8: {@code get} returns the caller's own value, created at most once per thread.
     *
     * <p>If this fails: cache the value per thread; call the supplier only on a thread's first
     * {@code get}.
     */
    @Test
    public void required_r5_8_getCreatesTheCallersValueOnce() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        AtomicInteger created = new AtomicInteger();
        SynLocal<Object> local = syn.local(() -> {
            created.incrementAndGet();
            return new Object();
        });
        Set<Thread> callers = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 10_000; i++) {
            thr.schedule(syn, () -> {
                callers.add(Thread.currentThread());
                assertSame(local.get(), local.get(), "two gets on one thread gave two values");
            });
        }
        syn.await();
        assertEquals(callers.size(), created.get(), "the supplier ran more than once per thread");
        assertEquals(callers.size(), local.collect().size());
    }

    /**
     * SPEC rule 5.8: a value read by a thread outside the pool (the caller) is collected too, and
     * a local nobody used collects nothing.
     *
     * <p>If this fails: {@code get} must work on any thread, not only on workers.
     */
    @Test
    public void required_r5_8_getWorksOffThePoolAndUnusedLocalCollectsNothing() {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        SynLocal<StringBuilder> unused = syn.local(StringBuilder::new);
        SynLocal<StringBuilder> local = syn.local(StringBuilder::new);
        local.get().append("caller");
        syn.await();
        assertEquals(List.of(), unused.collect());
        assertEquals(1, local.collect().size());
        assertEquals("caller", local.collect().get(0).toString());
    }

    /**
     * SPEC rules 5.8 and 2.7: a null supplier is refused at once; a supplier returning null makes
     * {@code get} throw {@link NullPointerException}.
     *
     * <p>If this fails: check {@code initial} with {@code Checks.notNull}, and check the value the
     * supplier returns.
     */
    @Test
    public void required_r5_8_nullSupplierOrNullValueThrowsNpe() {
        Syn syn = newThr().newSyn();
        assertThrows(NullPointerException.class, () -> syn.local(null));
        SynLocal<Object> nulls = syn.local(() -> null);
        assertThrows(NullPointerException.class, nulls::get);
    }
}
