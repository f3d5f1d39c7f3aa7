package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Job;
import org.thrjob.api.JobFailedException;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.ThrQueue;

/**
 * SPEC rules 3.5 and 3.6: {@code sync} runs inline from the queue's own job, waits for the job
 * elsewhere and rethrows its failure; a cycle of syncs across queues throws
 * {@link IllegalStateException} naming the queues instead of hanging.
 *
 * <p>Every scenario runs on a runtime of its own that is closed with a bound, so a provider that
 * deadlocks fails the test instead of hanging the build.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class QueueSyncTck extends ThrTck {

    private static final AtomicInteger CYCLES = new AtomicInteger();

    /** For providers' test classes. */
    protected QueueSyncTck() {
    }

    /**
     * SPEC rule 3.5: {@code sync} called from one of the queue's own jobs runs the job inline, at
     * once: on the same thread, before {@code sync} returns, with {@code isCurrent()} true; the
     * callable form returns the job's result. Checked on a serial, a width-2 and a dedicated queue.
     *
     * <p>If this fails (or times out): {@code sync} must check {@code isCurrent()} first and then
     * call the job directly; posting it would wait for the very job that waits.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_5_syncFromOwnQueueRunsInline() throws Exception {
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            for (ThrQueue queue : List.of(thr.newQueue("self-sync"), thr.newQueue("self-sync-w", 2),
                    thr.newDedicatedQueue("self-sync-dedicated"))) {
                AtomicReference<String> wrong = new AtomicReference<>();
                CountDownLatch done = new CountDownLatch(1);
                queue.post(() -> {
                    try {
                        Thread outer = Thread.currentThread();
                        Thread[] inner = new Thread[1];
                        boolean[] current = new boolean[1];
                        queue.sync(() -> {
                            inner[0] = Thread.currentThread();
                            current[0] = queue.isCurrent();
                        });
                        if (inner[0] != outer) {
                            wrong.set("the job ran on " + inner[0] + ", not inline on " + outer);
                        } else if (!current[0]) {
                            wrong.set("isCurrent() was false inside the inline job");
                        }
                        Integer result = queue.sync(() -> 42);
                        if (result == null || result != 42) {
                            wrong.compareAndSet(null, "sync(callable) returned " + result);
                        }
                    } catch (Throwable t) {
                        wrong.compareAndSet(null, "sync from its own job threw " + t);
                    } finally {
                        done.countDown();
                    }
                });
                await(done, "a self-sync on " + queue.name());
                assertEquals(null, wrong.get(), "on " + queue.name());
            }
        });
    }

    /**
     * SPEC rule 3.5: {@code sync} from outside the queue posts the job behind the ones already
     * pending and returns once it ran: the 100 jobs posted before it ran first, and the plain
     * writes of the synced job are visible after {@code sync} returns.
     *
     * <p>If this fails: {@code sync} must go through the queue's ordinary post (not run the job
     * at once) and wait for its end with a happens-before edge (a latch or future).
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_5_syncFromOutsideRunsAfterPendingJobsAndWaits() throws Exception {
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            ThrQueue queue = thr.newQueue("outside-sync");
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int id = i;
                queue.post(() -> seen.add(id));
            }
            int[] plain = new int[1];
            Integer size = Tck1Support.within("sync from the test", () -> queue.sync(() -> {
                plain[0] = 7;
                return seen.size();
            }));
            assertEquals(100, size, "jobs run before the synced one");
            assertEquals(7, plain[0], "a plain write of the synced job, read after sync returned");
            Tck1Support.within("sync(Job)", () -> queue.sync((Job) () -> plain[0] = 8));
            assertEquals(8, plain[0], "a plain write of the synced Job");
        });
    }

    /**
     * SPEC rule 3.5: a synced job that throws makes {@code sync} throw {@link JobFailedException}
     * with the job's failure as cause, from outside and inline alike, and the queue goes on.
     *
     * <p>If this fails: catch the synced job's failure where it runs and hand it to the waiting
     * caller, wrapped once in {@code JobFailedException}.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_5_syncRethrowsTheJobsFailure() throws Exception {
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            ThrQueue queue = thr.newQueue("failing-sync");
            IllegalStateException boom = new IllegalStateException("boom");
            JobFailedException outside = Tck1Support.within("a failing sync", () ->
                    assertThrows(JobFailedException.class, () -> queue.sync((Job) () -> {
                        throw boom;
                    })));
            assertSame(boom, outside.getCause(), "the cause of sync's JobFailedException");
            JobFailedException callable = Tck1Support.within("a failing sync(callable)", () ->
                    assertThrows(JobFailedException.class, () -> queue.sync(() -> {
                        throw boom;
                    })));
            assertSame(boom, callable.getCause(), "the cause, callable form");
            AtomicReference<Throwable> inline = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            queue.post(() -> {
                try {
                    queue.sync((Job) () -> {
                        throw boom;
                    });
                } catch (Throwable t) {
                    inline.set(t);
                } finally {
                    done.countDown();
                }
            });
            await(done, "the inline failing sync");
            assertInstanceOf(JobFailedException.class, inline.get(), "inline sync's failure");
            assertSame(boom, inline.get().getCause(), "the cause, inline");
            assertEquals(5, (int) Tck1Support.within("a sync after failures", () -> queue.sync(() -> 5)));
        });
    }

    /**
     * SPEC rule 3.5: a failure rethrown to the caller of {@code sync} is counted in
     * {@code stats().failed()} and not sent to the failure handler, which still gets the failure of
     * a job nobody waits for.
     *
     * <p>If this fails: report a job's failure to the {@code FailureHandler} only when no caller
     * receives it; count it in the stats either way.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_5_syncFailureGoesToTheCallerNotTheHandler() throws Exception {
        List<Throwable> handled = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch handlerCalled = new CountDownLatch(1);
        ThrConfig config = config().failureHandler((job, where, failure) -> {
            handled.add(failure);
            handlerCalled.countDown();
        }).build();
        Tck1Support.withRuntime(provider(), config, thr -> {
            ThrQueue queue = thr.newQueue("sync-failure-report");
            IllegalStateException synced = new IllegalStateException("synced");
            IllegalStateException posted = new IllegalStateException("posted");
            JobFailedException e = assertThrows(JobFailedException.class, () -> queue.sync((Job) () -> {
                throw synced;
            }));
            assertSame(synced, e.getCause());
            // Same serial queue: the synced job's report, if any, was made before this job ran.
            queue.post(() -> {
                throw posted;
            });
            await(handlerCalled, "the failure handler's call for the posted job");
            assertEquals(List.of(posted), List.copyOf(handled), "the handler got only the posted job's failure");
            assertEquals(2L, thr.stats().failed(), "both failures counted in stats().failed()");
        });
    }

    /**
     * SPEC rule 3.5: with a single worker, a job of queue A (and an unordered job) that syncs on
     * queue B does not deadlock: the waiting worker helps, or the runtime compensates, so B's job
     * runs and {@code sync} returns its result.
     *
     * <p>If this fails (or times out): a worker waiting in {@code sync} must run other jobs or let a
     * spare worker run them (ForkJoinPool's {@code managedBlock}, or helping); blocking the only
     * worker deadlocks.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_5_syncFromAWorkerDoesNotDeadlockWithOneWorker() throws Exception {
        Tck1Support.withRuntime(provider(), config().parallelism(1).build(), thr -> {
            ThrQueue a = thr.newQueue("one-worker-a");
            ThrQueue b = thr.newQueue("one-worker-b");
            AtomicReference<Object> fromQueue = new AtomicReference<>();
            AtomicReference<Object> fromUnordered = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(2);
            a.post(() -> {
                try {
                    fromQueue.set(b.sync(() -> "b for a"));
                } catch (Throwable t) {
                    fromQueue.set(t);
                } finally {
                    done.countDown();
                }
            });
            thr.schedule(() -> {
                try {
                    fromUnordered.set(b.sync(() -> "b for unordered"));
                } catch (Throwable t) {
                    fromUnordered.set(t);
                } finally {
                    done.countDown();
                }
            });
            await(done, "two syncs on queue B from the only worker");
            assertEquals("b for a", fromQueue.get());
            assertEquals("b for unordered", fromUnordered.get());
        });
    }

    /**
     * SPEC rule 3.6: A's job syncs on B while B's job syncs on A. Latches make both jobs run at
     * once, and B's job syncs only once A's job is waiting on B (B's pending count shows A's synced
     * job); one of the syncs must then throw {@link IllegalStateException} (directly, or as the
     * cause of the other sync's {@link JobFailedException}) naming both queues, within
     * {@link ThrTck#TIMEOUT}. Afterwards both queues still work. Repeated 10 times.
     *
     * <p>If this fails (or times out): record, for each thread waiting in {@code sync}, the queue
     * it waits on and the queue whose job it runs, and walk that wait-for graph before blocking.
     *
     * @throws Exception on failure
     */
    @RepeatedTest(10)
    public void required_r3_6_syncCycleThrowsNamingBothQueues() throws Exception {
        int n = CYCLES.incrementAndGet();
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            ThrQueue a = thr.newQueue("cycle-a" + n);
            ThrQueue b = thr.newQueue("cycle-b" + n);
            List<Throwable> caught = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch aIn = new CountDownLatch(1);
            CountDownLatch bIn = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(2);
            a.post(() -> {
                try {
                    aIn.countDown();
                    Tck1Support.awaitInJob(bIn, "B's job to start");
                    b.sync(() -> { });
                } catch (Throwable t) {
                    caught.add(t);
                } finally {
                    done.countDown();
                }
            });
            b.post(() -> {
                try {
                    bIn.countDown();
                    Tck1Support.awaitInJob(aIn, "A's job to start");
                    awaitCondition(() -> b.pending() >= 2, "A's job to wait in B.sync");
                    a.sync(() -> { });
                } catch (Throwable t) {
                    caught.add(t);
                } finally {
                    done.countDown();
                }
            });
            await(done, "the two jobs of an A -> B -> A sync cycle to end");
            assertCycleError(caught, a.name(), b.name());
            assertEquals(1, (int) Tck1Support.within("A.sync after the cycle", () -> a.sync(() -> 1)));
            assertEquals(2, (int) Tck1Support.within("B.sync after the cycle", () -> b.sync(() -> 2)));
        });
    }

    /**
     * SPEC rule 3.6: a cycle through three queues (A's job syncs on B, B's on C, C's on A, the last
     * sync made once the other two wait) throws {@link IllegalStateException} naming all three.
     *
     * <p>If this fails (or times out): the cycle detection must follow the wait-for chain
     * transitively, not only one step back.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_6_threeQueueSyncCycleThrows() throws Exception {
        int n = CYCLES.incrementAndGet();
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            ThrQueue a = thr.newQueue("tri-a" + n);
            ThrQueue b = thr.newQueue("tri-b" + n);
            ThrQueue c = thr.newQueue("tri-c" + n);
            List<Throwable> caught = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch allIn = new CountDownLatch(3);
            CountDownLatch done = new CountDownLatch(3);
            a.post(cycleJob(allIn, done, caught, b, null));
            b.post(cycleJob(allIn, done, caught, c, null));
            c.post(cycleJob(allIn, done, caught, a, () -> b.pending() >= 2 && c.pending() >= 2));
            await(done, "the three jobs of an A -> B -> C -> A sync cycle to end");
            assertCycleError(caught, a.name(), b.name(), c.name());
        });
    }

    /**
     * SPEC rules 3.5 and 3.6: A's job syncs on B with a job that syncs back on A. Whether that
     * inner job runs on A's waiting thread (and so inline, within A's job) or on another thread
     * (a cycle, which throws naming both queues), it must not hang.
     *
     * <p>If this fails (or times out): the provider neither detects the cycle nor treats the
     * nested sync as running inside A's job.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_6_nestedSyncBackToTheFirstQueueNeverHangs() throws Exception {
        int n = CYCLES.incrementAndGet();
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            ThrQueue a = thr.newQueue("nested-a" + n);
            ThrQueue b = thr.newQueue("nested-b" + n);
            List<Throwable> caught = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<Thread> outer = new AtomicReference<>();
            AtomicReference<Thread> innermost = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            a.post(() -> {
                try {
                    outer.set(Thread.currentThread());
                    b.sync(() -> {
                        try {
                            a.sync(() -> innermost.set(Thread.currentThread()));
                        } catch (Throwable t) {
                            caught.add(t);
                            throw t;
                        }
                    });
                } catch (Throwable t) {
                    caught.add(t);
                } finally {
                    done.countDown();
                }
            });
            await(done, "A's job that syncs on B, which syncs back on A");
            if (innermost.get() != null) {
                assertSame(outer.get(), innermost.get(), "the innermost job ran, so it must have run"
                        + " inline in A's job, on A's thread");
                assertEquals(List.of(), caught, "no failure when the nested sync ran inline");
            } else {
                assertCycleError(caught, a.name(), b.name());
            }
        });
    }

    /**
     * SPEC rule 3.6, no false alarm: a chain A → B → C and two queues syncing on the same queue
     * at once (A's and C's jobs both sync on B) are not cycles: they complete and return their
     * results.
     *
     * <p>If this fails: the cycle detection reports waits that share a queue, or a chain, as a
     * cycle; only a wait-for path that returns to its start is one.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_6_syncChainsWithoutCycleDoNotThrow() throws Exception {
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            ThrQueue a = thr.newQueue("chain-a");
            ThrQueue b = thr.newQueue("chain-b");
            ThrQueue c = thr.newQueue("chain-c");
            assertEquals("c", Tck1Support.within("A -> B -> C", () -> a.sync(() -> b.sync(() -> c.sync(() -> "c")))));
            CountDownLatch bothIn = new CountDownLatch(2);
            CountDownLatch done = new CountDownLatch(2);
            List<Object> results = Collections.synchronizedList(new ArrayList<>());
            for (ThrQueue from : List.of(a, c)) {
                from.post(() -> {
                    try {
                        bothIn.countDown();
                        Tck1Support.awaitInJob(bothIn, "both syncing jobs to run");
                        results.add(b.sync(() -> from.name()));
                    } catch (Throwable t) {
                        results.add(t);
                    } finally {
                        done.countDown();
                    }
                });
            }
            await(done, "A's and C's jobs syncing on B at once");
            assertTrue(results.containsAll(List.of("chain-a", "chain-c")), "results: " + results);
        });
    }

    private static Job cycleJob(CountDownLatch allIn, CountDownLatch done, List<Throwable> caught,
            ThrQueue next, java.util.function.BooleanSupplier othersWaiting) {
        return () -> {
            try {
                allIn.countDown();
                Tck1Support.awaitInJob(allIn, "every job of the cycle to start");
                if (othersWaiting != null) {
                    awaitCondition(othersWaiting, "the other jobs to wait in sync");
                }
                next.sync(() -> { });
            } catch (Throwable t) {
                caught.add(t);
            } finally {
                done.countDown();
            }
        };
    }

    private static void assertCycleError(List<Throwable> caught, String... queues) {
        List<Throwable> copy;
        synchronized (caught) {
            copy = new ArrayList<>(caught);
        }
        for (Throwable t : copy) {
            Throwable candidate = t instanceof IllegalStateException ? t : t.getCause();
            if (candidate instanceof IllegalStateException) {
                Tck1Support.assertNames(candidate, queues);
                return;
            }
        }
        fail("no IllegalStateException from a sync cycle through " + List.of(queues)
                + "; the jobs caught: " + copy);
    }

    /**
     * SPEC rules 3.6 and 3.5: from outside, A's job syncs on B whose job syncs back on A. The
     * inner sync either runs inline (the worker waiting in A's job ran B's job itself) or throws
     * {@link IllegalStateException} naming both queues, which reaches the caller as the root cause
     * of a {@link JobFailedException}; it never hangs.
     *
     * <p>If this fails (or times out): the provider neither detects the cycle nor treats the
     * nested sync as running inside A's job.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_6_syncBackOnTheWaitingQueueFromOutsideNeverHangs() throws Exception {
        int n = CYCLES.incrementAndGet();
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            ThrQueue a = thr.newQueue("back-a" + n);
            ThrQueue b = thr.newQueue("back-b" + n);
            AtomicInteger ran = new AtomicInteger();
            try {
                Tck1Support.within("A -> B -> A from outside",
                        () -> a.sync(() -> b.sync(() -> a.sync(ran::incrementAndGet))));
                assertEquals(1, ran.get(), "the innermost job when no sync threw");
            } catch (JobFailedException failed) {
                Throwable cause = failed.getCause();
                while (cause instanceof JobFailedException) {
                    cause = cause.getCause();
                }
                assertInstanceOf(IllegalStateException.class, cause, "root cause of " + failed);
                Tck1Support.assertNames(cause, a.name(), b.name());
                assertEquals(0, ran.get(), "the innermost job ran although its sync threw");
            }
        });
    }

    /**
     * SPEC rule 3.6: B's running job syncs on A only once A's job waits on B (A's synced job is
     * queued behind B's running one, so it cannot run inline): that sync throws
     * {@link IllegalStateException} naming the cycle from B to A, and A's sync returns once B's
     * job ended.
     *
     * <p>If this fails (or times out): the cycle check must run when the sync is called, against
     * the waits already recorded, not only when a job is posted.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_6_cycleClosedByARunningJobIsFoundWhenItSyncs() throws Exception {
        int n = CYCLES.incrementAndGet();
        Tck1Support.withRuntime(provider(), config().parallelism(4).build(), thr -> {
            ThrQueue a = thr.newQueue("late-a" + n);
            ThrQueue b = thr.newQueue("late-b" + n);
            CountDownLatch aWaits = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch aDone = new CountDownLatch(1);
            AtomicReference<Throwable> fromB = new AtomicReference<>();
            try {
                // B is busy with a job that will sync on A only once A's job waits on B.
                b.post(() -> {
                    Tck1Support.awaitInJob(release, "A's job to wait");
                    try {
                        a.sync(() -> { });
                    } catch (Throwable t) {
                        fromB.set(t);
                    }
                });
                a.post(() -> {
                    aWaits.countDown();
                    try {
                        b.sync(() -> { });
                    } finally {
                        aDone.countDown();
                    }
                });
                await(aWaits, "A's job to start");
                // A's sync job queued behind B's running job: A's job is waiting on B by then.
                awaitCondition(() -> b.pending() >= 2, "A's job to sync on B");
            } finally {
                Tck1Support.open(release);
            }
            await(aDone, "A's sync on B to return once B's job failed");
            assertInstanceOf(IllegalStateException.class, fromB.get());
            Tck1Support.assertNames(fromB.get(), a.name(), b.name());
        });
    }

    /**
     * SPEC rules 3.6 and 3.5: from outside, A's job syncs on B, B's on C, and C's job syncs back
     * on A. The last sync either runs inline (the thread waiting in A's job ran the others) or
     * throws {@link IllegalStateException} naming the three queues; it never hangs, and the
     * outer syncs return.
     *
     * <p>If this fails (or times out): the cycle detection must follow the wait-for chain
     * transitively, or treat the nested sync as running inside A's job.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_6_threeQueueSyncBackFromOutsideNeverHangs() throws Exception {
        int n = CYCLES.incrementAndGet();
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            ThrQueue a = thr.newQueue("loop-a" + n);
            ThrQueue b = thr.newQueue("loop-b" + n);
            ThrQueue c = thr.newQueue("loop-c" + n);
            AtomicReference<Throwable> caught = new AtomicReference<>();
            AtomicInteger ran = new AtomicInteger();
            Tck1Support.within("A -> B -> C -> A from outside", () -> a.sync(() -> b.sync(() -> c.sync(() -> {
                try {
                    a.sync(ran::incrementAndGet);
                } catch (IllegalStateException e) {
                    caught.set(e);
                }
            }))));
            if (caught.get() == null) {
                assertEquals(1, ran.get(), "the innermost job when no sync threw");
            } else {
                Tck1Support.assertNames(caught.get(), a.name(), b.name(), c.name());
                assertEquals(0, ran.get(), "the innermost job ran although its sync threw");
            }
        });
    }

    /**
     * SPEC rule 3.6, no false alarm: with a single worker, the chain A → B → C returns its result,
     * and so does the reverse chain C → B → A right after: the waits of a returned sync are gone.
     *
     * <p>If this fails: the wait-for graph keeps an edge after its sync returned.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_6_reverseChainAfterAChainIsNoCycle() throws Exception {
        Tck1Support.withRuntime(provider(), config().parallelism(1).build(), thr -> {
            ThrQueue a = thr.newQueue("fwd-a");
            ThrQueue b = thr.newQueue("fwd-b");
            ThrQueue c = thr.newQueue("fwd-c");
            assertEquals(9, (int) Tck1Support.within("A -> B -> C",
                    () -> a.sync(() -> b.sync(() -> c.sync(() -> 7) + 1) + 1)));
            assertEquals(3, (int) Tck1Support.within("C -> B -> A",
                    () -> c.sync(() -> b.sync(() -> a.sync(() -> 3)))));
        });
    }

    /**
     * SPEC rule 3.5: a job of queue A that syncs on A, and again on A inside that, runs both
     * inline without any error.
     *
     * <p>If this fails: {@code sync} from the queue's own job must run inline before any cycle
     * check; a queue waiting on itself is no cycle.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_5_nestedSyncOnTheOwnQueueRunsInline() throws Exception {
        Tck1Support.withRuntime(provider(), config().build(), thr -> {
            ThrQueue a = thr.newQueue("self-a");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger ran = new AtomicInteger();
            Tck1Support.within("A -> A -> A", () -> a.sync(() -> {
                try {
                    a.sync(() -> a.sync(ran::incrementAndGet));
                } catch (Throwable t) {
                    failure.set(t);
                }
            }));
            assertEquals(null, failure.get(), "nested sync on the own queue threw");
            assertEquals(1, ran.get());
        });
    }

    /**
     * SPEC rules 3.5 and 5.4: with a single worker and the default spare cap, a job of queue A
     * that syncs on queue B gets B's result: the runtime compensates the blocked worker.
     *
     * <p>If this fails (or times out): a worker blocked in {@code sync} from a serial job must be
     * compensated by a spare worker (rule 5.4) or help run B's job.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_5_syncFromASerialJobWithOneWorkerReturns() throws Exception {
        Tck1Support.withRuntime(provider(), config().parallelism(1).build(), thr -> {
            ThrQueue a = thr.newQueue("spare-a");
            ThrQueue b = thr.newQueue("spare-b");
            assertEquals(2, (int) Tck1Support.within("A -> B with one worker",
                    () -> a.sync(() -> b.sync(() -> 1) + 1)));
        });
    }
}
