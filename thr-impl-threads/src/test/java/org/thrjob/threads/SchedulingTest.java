package org.thrjob.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/** Bounded local pushes, helping waiters and forEach splitting on this provider. */
class SchedulingTest {

    @Test
    void schedule_fromWorkerWithFullDeque_runsInlineAndCountsIt() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().parallelism(1)
                .dequeCapacity(4).build())) {
            AtomicInteger ran = new AtomicInteger();
            Syn syn = thr.newSyn();
            thr.schedule(syn, () -> {
                for (int i = 0; i < 100; i++) {
                    thr.schedule(syn, ran::incrementAndGet);
                }
            });
            syn.await();
            assertEquals(100, ran.get());
            long inline = thr.stats().inlineOnOverflow();
            assertTrue(inline >= 96 - 4, "inline on overflow: " + inline);
        }
    }

    @Test
    void await_onOnlyWorkerWithNoSpare_helpsInsteadOfDeadlocking() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().parallelism(1)
                .maxSpareWorkers(0).build())) {
            AtomicInteger ran = new AtomicInteger();
            Syn outer = thr.newSyn();
            thr.schedule(outer, () -> {
                Syn inner = thr.newSyn();
                for (int i = 0; i < 10; i++) {
                    thr.schedule(inner, ran::incrementAndGet);
                }
                inner.await(); // the only worker must run its own children
            });
            outer.await();
            assertEquals(10, ran.get());
        }
    }

    @Test
    void sync_fromSerialJobWithOneWorker_compensatesWithSpare() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().parallelism(1).build())) {
            ThrQueue a = thr.newQueue("A");
            ThrQueue b = thr.newQueue("B");
            assertEquals(2, (int) a.sync(() -> b.sync(() -> 1) + 1));
        }
    }

    @Test
    void forEach_fromWorkerAndFromOutside_callsEachIndexOnce() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().parallelism(3).build())) {
            int count = 100_003;
            AtomicInteger[] calls = new AtomicInteger[count];
            for (int i = 0; i < count; i++) {
                calls[i] = new AtomicInteger();
            }
            thr.forEach(count, i -> calls[i].incrementAndGet());
            Syn syn = thr.newSyn();
            thr.schedule(syn, () -> thr.forEach(count, i -> calls[i].incrementAndGet()));
            syn.await();
            for (int i = 0; i < count; i++) {
                assertEquals(2, calls[i].get(), "index " + i);
            }
        }
    }
}
