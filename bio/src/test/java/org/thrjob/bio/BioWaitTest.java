package org.thrjob.bio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.ThrProvider;

/** pending, waitStep, drain and the oldest pending age, with the worker held by latches. */
class BioWaitTest {

    /** Runs {@code call} on a new thread, completing {@code result} with its outcome. */
    private static <T> Thread start(String name, Callable<T> call, CompletableFuture<T> result) {
        Thread thread = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        thread.start();
        return thread;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void waitStep_jobsHeld_returnsOnlyAfterOneFinishedWithThePendingCount(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            BioKind kind = bio.register("bio_test_wait");
            assertEquals(0, bio.waitStep(kind), "nothing pending: returns at once");
            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch rest = new CountDownLatch(1);
            CountDownLatch secondStarted = new CountDownLatch(1);
            bio.submit(kind, first::await);
            bio.submit(kind, () -> {
                secondStarted.countDown();
                rest.await();
            });
            bio.submit(kind, rest::await);
            bio.submit(kind, rest::await);
            assertEquals(4, bio.pending(kind));
            try {
                CompletableFuture<Long> step = new CompletableFuture<>();
                Thread waiter = start("waiter", () -> bio.waitStep(kind), step);
                Providers.untilBlocked(waiter);
                assertFalse(step.isDone(), "no job finished yet");
                first.countDown();
                assertEquals(3, step.get(Providers.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                Providers.await(secondStarted, "the second job");
                assertEquals(3, bio.pending(kind), "the running job counts as pending");

                assertFalse(bio.drain(kind, Duration.ofMillis(20)), "jobs are held: drain times out");
                CompletableFuture<Boolean> drained = new CompletableFuture<>();
                Thread drainer = start("drainer", () -> {
                    bio.drain(kind);
                    return true;
                }, drained);
                Providers.untilBlocked(drainer);
                assertFalse(drained.isDone());
                rest.countDown();
                assertTrue(drained.get(Providers.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                assertEquals(0, bio.pending(kind));
                assertTrue(bio.drain(kind, Duration.ZERO));
                assertEquals(4, bio.stats(kind).done());
            } finally {
                // A failed assertion must not leave the worker held, or the close would hang.
                first.countDown();
                rest.countDown();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void drain_jobsSubmittedWhileDraining_waitsForThemToo(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            AtomicLong ran = new AtomicLong();
            CountDownLatch hold = new CountDownLatch(1);
            bio.submit(BioKind.LAZY_FREE, hold::await);
            CompletableFuture<Boolean> drained = new CompletableFuture<>();
            Thread drainer = start("drainer", () -> {
                bio.drain(BioKind.LAZY_FREE);
                return true;
            }, drained);
            Providers.untilBlocked(drainer);
            for (int i = 0; i < 1000; i++) {
                bio.lazyFree(args -> ran.incrementAndGet());
            }
            hold.countDown();
            assertTrue(drained.get(Providers.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(1000, ran.get());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void waitStepAndDrain_fromTheKindsOwnWorker_throwInsteadOfDeadlocking(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            AtomicReference<Throwable> step = new AtomicReference<>();
            AtomicReference<Throwable> drain = new AtomicReference<>();
            AtomicReference<Throwable> close = new AtomicReference<>();
            bio.submit(BioKind.CLOSE_FILE, () -> {
                step.set(assertThrows(IllegalStateException.class, () -> bio.waitStep(BioKind.CLOSE_FILE)));
                drain.set(assertThrows(IllegalStateException.class, () -> bio.drain(BioKind.CLOSE_FILE)));
                close.set(assertThrows(IllegalStateException.class, bio::close));
            });
            bio.drain(BioKind.CLOSE_FILE);
            assertTrue(step.get().getMessage().contains("bio_close_file"), step.get().getMessage());
            assertTrue(drain.get().getMessage().contains("its own worker"), drain.get().getMessage());
            assertTrue(close.get().getMessage().contains("its own worker"), close.get().getMessage());
            assertFalse(bio.isClosed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void oldestPendingAge_jobHeld_notYoungerThanTimeSinceSubmission(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            assertEquals(Duration.ZERO, bio.oldestPendingAge(BioKind.CLOSE_FILE));
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            bio.submit(BioKind.CLOSE_FILE, () -> {
                started.countDown();
                hold.await();
            });
            long submitted = System.nanoTime();
            bio.close(() -> { });
            Providers.await(started, "the held job");
            Providers.until(() -> System.nanoTime() - submitted > 1_000_000, "1 ms passed");
            long elapsed = System.nanoTime() - submitted;
            Duration age = bio.oldestPendingAge(BioKind.CLOSE_FILE);
            assertTrue(age.toNanos() >= elapsed, "age " + age + " < elapsed " + elapsed + " ns");
            BioStats stats = bio.stats(BioKind.CLOSE_FILE);
            assertEquals(2, stats.pending());
            assertTrue(stats.oldestPendingAge().toNanos() >= elapsed);
            hold.countDown();
            bio.drain(BioKind.CLOSE_FILE);
            assertEquals(Duration.ZERO, bio.oldestPendingAge(BioKind.CLOSE_FILE));
            assertEquals(new BioStats(BioKind.CLOSE_FILE, 0, 2, 0, Duration.ZERO), bio.stats(BioKind.CLOSE_FILE));
        }
    }
}
