package org.thrjob.bio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.ThrProvider;

/** Jobs of one kind run in order, one at a time, on the kind's own thread. */
class BioFifoTest {

    private static final int POSTERS = 4;
    private static final int PER_POSTER = 20_000;
    private static final int ROUNDS = 3;

    /** What the worker saw, touched only by the kind's jobs (one at a time: no lock). */
    private static final class Seen {
        final int[] last = new int[POSTERS];
        final List<String> violations = new ArrayList<>();
        final List<String> threads = new ArrayList<>();
        int count;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void submit_fourPostingThreads_eachThreadsJobsRunInOrderOneAtATime(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            BioKind kind = bio.register("bio_test_fifo");
            for (int round = 0; round < ROUNDS; round++) {
                Seen seen = new Seen();
                java.util.Arrays.fill(seen.last, -1);
                AtomicInteger inside = new AtomicInteger();
                AtomicInteger overlaps = new AtomicInteger();
                CyclicBarrier start = new CyclicBarrier(POSTERS);
                CountDownLatch posted = new CountDownLatch(POSTERS);
                List<Thread> posters = new ArrayList<>();
                for (int p = 0; p < POSTERS; p++) {
                    int poster = p;
                    Thread thread = new Thread(() -> {
                        try {
                            start.await();
                            for (int i = 0; i < PER_POSTER; i++) {
                                int seq = i;
                                bio.submit(kind, () -> {
                                    if (inside.incrementAndGet() != 1) {
                                        overlaps.incrementAndGet();
                                    }
                                    if (seen.last[poster] != seq - 1) {
                                        seen.violations.add("poster " + poster + ": " + seq
                                                + " after " + seen.last[poster]);
                                    }
                                    seen.last[poster] = seq;
                                    seen.count++;
                                    if (seq == 0) {
                                        seen.threads.add(Thread.currentThread().getName());
                                    }
                                    inside.decrementAndGet();
                                });
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        } finally {
                            posted.countDown();
                        }
                    }, "poster-" + p);
                    posters.add(thread);
                    thread.start();
                }
                Providers.await(posted, "the posters");
                assertTrue(bio.drain(kind, Providers.TIMEOUT), "drain timed out");
                for (Thread thread : posters) {
                    thread.join(Providers.TIMEOUT.toMillis());
                }
                // drain returned: the jobs' writes happen-before this read.
                assertEquals(List.of(), seen.violations);
                assertEquals(POSTERS * PER_POSTER, seen.count);
                assertEquals(0, overlaps.get(), "jobs of one kind ran concurrently");
                assertEquals(List.of("bio_test_fifo", "bio_test_fifo", "bio_test_fifo", "bio_test_fifo"),
                        seen.threads);
                assertEquals(0, bio.pending(kind));
            }
            assertEquals((long) ROUNDS * POSTERS * PER_POSTER, bio.stats(kind).done());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void builtInKinds_eachRunsOnItsThreadNamedAsRedisNamesIt(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch ran = new CountDownLatch(3);
            bio.close(() -> {
                names.add("close:" + Thread.currentThread().getName());
                ran.countDown();
            });
            bio.lazyFree(args -> {
                names.add("free:" + Thread.currentThread().getName() + ":" + args[0] + args[1]);
                ran.countDown();
            }, "a", null);
            bio.submit(BioKind.AOF_FSYNC, () -> {
                names.add("fsync:" + Thread.currentThread().getName());
                ran.countDown();
            });
            Providers.await(ran, "the three kinds");
            assertEquals(java.util.Set.of("close:bio_close_file", "free:bio_lazy_free:anull",
                    "fsync:bio_aof_fsync"), java.util.Set.copyOf(names));
            assertEquals(List.of(BioKind.CLOSE_FILE, BioKind.AOF_FSYNC, BioKind.LAZY_FREE), bio.kinds());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void lazyFree_callerReusesItsArray_jobSeesTheArgumentsOfTheCall(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            CountDownLatch hold = new CountDownLatch(1);
            bio.submit(BioKind.LAZY_FREE, () -> hold.await());
            Object[] args = {"first"};
            List<Object> freed = new java.util.concurrent.CopyOnWriteArrayList<>();
            bio.lazyFree(a -> freed.add(a[0]), args);
            args[0] = "changed";
            hold.countDown();
            bio.drain(BioKind.LAZY_FREE);
            assertEquals(List.of("first"), freed);
        }
    }
}
