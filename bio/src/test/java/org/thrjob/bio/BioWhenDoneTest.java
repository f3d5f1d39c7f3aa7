package org.thrjob.bio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.ThrProvider;

/** whenDone runs its job on the main queue after the kind's earlier jobs, in request order. */
class BioWhenDoneTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void whenDone_earlierJobsHeld_runsOnMainThreadOnlyAfterThem(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            Thread main = Thread.currentThread();
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch hold = new CountDownLatch(1);
            bio.submit(BioKind.AOF_FSYNC, () -> {
                hold.await();
                order.add("a");
            });
            bio.submit(BioKind.AOF_FSYNC, () -> order.add("b"));
            bio.whenDone(BioKind.AOF_FSYNC, () -> order.add("done1:" + (Thread.currentThread() == main)));
            bio.submit(BioKind.AOF_FSYNC, () -> order.add("c"));
            bio.whenDone(BioKind.AOF_FSYNC, () -> order.add("done2:" + (Thread.currentThread() == main)));
            // Another kind's jobs do not hold the request back.
            CountDownLatch otherKind = new CountDownLatch(1);
            bio.submit(BioKind.LAZY_FREE, otherKind::await);

            try {
                assertEquals(5, bio.pending(BioKind.AOF_FSYNC), "requests count as pending jobs");
                assertEquals(0, thr.mainQueue().drain(), "nothing reached the main queue while 'a' is held");
                hold.countDown();
                assertTrue(thr.mainQueue().runUntil(() -> order.size() == 5, Providers.TIMEOUT),
                        "timed out; ran " + order);
                // 'c' may run on the worker before the main thread drains done1: only these hold.
                assertTrue(order.indexOf("a") < order.indexOf("b") && order.indexOf("b") < order.indexOf("c"),
                        "the kind's FIFO: " + order);
                assertTrue(order.indexOf("b") < order.indexOf("done1:true"), "done1 after a and b: " + order);
                assertTrue(order.indexOf("c") < order.indexOf("done2:true"), "done2 after c: " + order);
                assertTrue(order.indexOf("done1:true") < order.indexOf("done2:true"), "requests in order: " + order);
            } finally {
                // Release every held worker, so that a failed assertion does not hang the close.
                hold.countDown();
                otherKind.countDown();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void whenDone_nothingPending_runsOnNextMainDrain(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            BioKind kind = bio.register("bio_test_done");
            List<String> ran = new CopyOnWriteArrayList<>();
            bio.whenDone(kind, () -> ran.add("done"));
            assertTrue(thr.mainQueue().runUntil(() -> !ran.isEmpty(), Providers.TIMEOUT));
            assertEquals(List.of("done"), ran);
            bio.drain(kind);
            assertEquals(1, bio.stats(kind).done());
        }
    }
}
