package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.BlockedClient.Outcome;
import org.thrjob.api.MainQueue;
import org.thrjob.api.MainQueueBlockedClient;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;

/**
 * SPEC section 9: blocked clients ({@link BlockedClient#builder(MainQueue)}) on the provider's
 * main queue and timers. Exactly one of reply, timeout, abort and disconnect wins (9.1), the
 * privdata is freed once, on the main thread, after the winning callback (9.2), late unblocks only
 * free (9.3), and a timeout without callback frees silently (9.4).
 *
 * <p>The blocked client itself is thr-api's; what these tests prove about a provider is that its
 * main queue, {@code postAfter} and {@code cancel} give it the ordering it relies on.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class BlockedClientTck extends ThrTck {

    /** For subclasses. */
    protected BlockedClientTck() {
    }

    /** Records every callback with the thread it ran on. */
    private static final class Recorder {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        MainQueueBlockedClient.Builder<String> builder(MainQueue main) {
            return BlockedClient.<String>builder(main)
                    .onReply(p -> record("reply:" + p))
                    .onTimeout(p -> record("timeout:" + p))
                    .onDisconnect(p -> record("disconnect:" + p))
                    .freePrivdata(p -> record("free:" + p));
        }

        void record(String event) {
            events.add(event);
            threads.add(Thread.currentThread());
        }

        long callbacks() {
            return events.stream().filter(e -> !e.startsWith("free:")).count();
        }

        List<String> frees() {
            return events.stream().filter(e -> e.startsWith("free:")).toList();
        }
    }

    /**
     * SPEC rules 9.1 and 9.2: an unblock from a worker runs the reply callback and then the free on
     * the main thread, with the privdata.
     *
     * <p>If this fails: the main queue must run its jobs on the main thread, in post order.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r9_1_unblockFromAWorkerRepliesOnTheMainThread() throws InterruptedException {
        Thr thr = newThr();
        Recorder recorder = new Recorder();
        MainQueueBlockedClient<String> client = recorder.builder(thr.mainQueue()).block();
        CountDownLatch unblocked = new CountDownLatch(1);
        thr.schedule(() -> {
            client.measureTimeStart();
            client.measureTimeEnd();
            if (client.unblock("result")) {
                unblocked.countDown();
            }
        });
        await(unblocked, "the unblock");
        assertTrue(thr.mainQueue().runUntil(() -> recorder.events.size() == 2, TIMEOUT));
        assertEquals(List.of("reply:result", "free:result"), recorder.events);
        assertTrue(recorder.threads.stream().allMatch(t -> t == Thread.currentThread()),
                "a callback ran off the main thread");
        assertEquals(Optional.of(Outcome.REPLY), client.outcome());
    }

    /**
     * SPEC rules 9.1 and 6.6: nobody unblocks: the timeout callback runs on the main thread, no
     * earlier than the timeout, then the free.
     *
     * <p>If this fails: the main queue's {@code postAfter} must post to the main queue when due.
     */
    @Test
    public void required_r9_1_timeoutRunsOnTheMainThreadNoEarlierThanAsked() {
        Thr thr = newThr();
        Recorder recorder = new Recorder();
        long start = System.nanoTime();
        MainQueueBlockedClient<String> client = recorder.builder(thr.mainQueue())
                .privdata("p").timeout(Duration.ofMillis(20)).block();
        assertTrue(thr.mainQueue().runUntil(() -> recorder.events.size() == 2, TIMEOUT),
                "the timeout never came");
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(20), "timed out after " + elapsed + " ns");
        assertEquals(List.of("timeout:p", "free:p"), recorder.events);
        assertTrue(recorder.threads.stream().allMatch(t -> t == Thread.currentThread()));
        assertEquals(Optional.of(Outcome.TIMEOUT), client.outcome());
        assertFalse(client.unblock("late"), "unblock after the timeout must return false");
        thr.mainQueue().drain();
        assertEquals(List.of("free:p", "free:late"), recorder.frees());
    }

    /**
     * SPEC rule 9.1: the deadline passed and its timer job waits in the main queue, then a worker
     * unblocks before the main thread drains: the unblock wins.
     *
     * <p>If this fails: the timer of a blocked client must reach the main queue as a job (not run on
     * the timer thread).
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r9_1_unblockAndDeadlineInOneTurnUnblockWins() throws InterruptedException {
        Thr thr = newThr();
        Recorder recorder = new Recorder();
        MainQueueBlockedClient<String> client = recorder.builder(thr.mainQueue())
                .timeout(Duration.ofMillis(1)).block();
        awaitCondition(() -> thr.mainQueue().pending() == 1, "the deadline's job in the main queue");
        CountDownLatch unblocked = new CountDownLatch(1);
        thr.schedule(() -> {
            assertTrue(client.unblock("late-but-first"));
            unblocked.countDown();
        });
        await(unblocked, "the unblock");
        thr.mainQueue().drain();
        assertEquals(List.of("reply:late-but-first", "free:late-but-first"), recorder.events);
        assertEquals(Optional.of(Outcome.REPLY), client.outcome());
    }

    /**
     * SPEC rules 9.1 and 9.2: abort runs no callback, frees the privdata on the main thread and
     * cancels the timeout.
     *
     * <p>If this fails: the main queue or {@code ScheduledJob.cancel} of the provider.
     */
    @Test
    public void required_r9_1_abortFreesWithoutReplyAndCancelsTheTimeout() {
        Thr thr = newThr();
        Recorder recorder = new Recorder();
        MainQueueBlockedClient<String> client = recorder.builder(thr.mainQueue())
                .privdata("p").timeout(Duration.ofMillis(5)).block();
        assertTrue(client.abort());
        assertFalse(client.abort());
        AtomicInteger marker = new AtomicInteger();
        thr.mainQueue().postAfter(Duration.ofMillis(50), marker::incrementAndGet);
        assertTrue(thr.mainQueue().runUntil(() -> marker.get() == 1, TIMEOUT));
        thr.mainQueue().drain();
        assertEquals(List.of("free:p"), recorder.events, "abort then a passed deadline");
        assertEquals(Optional.of(Outcome.ABORT), client.outcome());
    }

    /**
     * SPEC rules 9.1 and 9.3: a disconnect runs the disconnect callback and the free; a later
     * unblock returns false and only frees its own privdata.
     *
     * <p>If this fails: the main queue of the provider.
     */
    @Test
    public void required_r9_3_unblockAfterDisconnectOnlyFrees() {
        Thr thr = newThr();
        Recorder recorder = new Recorder();
        MainQueueBlockedClient<String> client = recorder.builder(thr.mainQueue()).privdata("p").block();
        assertTrue(client.disconnect());
        assertTrue(client.isDisconnected());
        assertFalse(client.unblock("late"));
        assertTrue(thr.mainQueue().runUntil(() -> recorder.events.size() == 3, TIMEOUT));
        assertEquals(List.of("disconnect:p", "free:p", "free:late"), recorder.events);
    }

    /**
     * SPEC rule 9.3: a second unblock returns false and does nothing else.
     *
     * <p>If this fails: the main queue of the provider ran a job twice or dropped one.
     */
    @Test
    public void required_r9_3_secondUnblockReturnsFalseAndDoesNothing() {
        Thr thr = newThr();
        Recorder recorder = new Recorder();
        MainQueueBlockedClient<String> client = recorder.builder(thr.mainQueue()).block();
        assertTrue(client.unblock("first"));
        assertFalse(client.unblock("second"));
        thr.mainQueue().drain();
        AtomicInteger marker = new AtomicInteger();
        thr.mainQueue().post(marker::incrementAndGet);
        assertTrue(thr.mainQueue().runUntil(() -> marker.get() == 1, TIMEOUT));
        assertEquals(List.of("reply:first", "free:first"), recorder.events);
    }

    /**
     * SPEC rule 9.4: a timeout with no timeout callback only frees the privdata; a zero timeout
     * never fires.
     *
     * <p>If this fails: the provider's main-queue timers.
     */
    @Test
    public void required_r9_4_timeoutWithoutCallbackFreesSilently() {
        Thr thr = newThr();
        List<String> freed = new CopyOnWriteArrayList<>();
        MainQueueBlockedClient<String> silent = BlockedClient.<String>builder(thr.mainQueue())
                .freePrivdata(freed::add).privdata("p").timeout(Duration.ofMillis(2)).block();
        MainQueueBlockedClient<String> forever = BlockedClient.<String>builder(thr.mainQueue())
                .freePrivdata(freed::add).privdata("q").timeout(Duration.ZERO).block();
        AtomicInteger marker = new AtomicInteger();
        thr.mainQueue().postAfter(Duration.ofMillis(30), marker::incrementAndGet);
        assertTrue(thr.mainQueue().runUntil(() -> marker.get() == 1 && freed.size() == 1, TIMEOUT));
        assertEquals(List.of("p"), freed);
        assertEquals(Optional.of(Outcome.TIMEOUT), silent.outcome());
        assertEquals(Optional.empty(), forever.outcome(), "a zero timeout must mean no timeout");
        assertTrue(forever.abort());
        thr.mainQueue().drain();
        assertEquals(List.of("p", "q"), freed);
    }

    /**
     * SPEC rules 9.1 to 9.3 under a race: unblock, abort and disconnect from three threads and a
     * 1 ms deadline, 300 times: each client ends with exactly one outcome callback (none for an
     * abort), the unblock's privdata is freed exactly once whichever outcome won, and every
     * callback runs on the main thread.
     *
     * <p>If this fails: with thr-api's blocked client unchanged, suspect the provider's main queue
     * (a job lost or run twice, or run off the main thread) or a cancel that lets a timer fire.
     *
     * @throws Exception if a racer failed
     */
    @Test
    public void required_r9_1_racingOutcomesExactlyOneWinsAndOneFree() throws Exception {
        Thr thr = newThr();
        MainQueue main = thr.mainQueue();
        ExecutorService racers = Executors.newFixedThreadPool(3);
        Map<Outcome, Integer> wins = new EnumMap<>(Outcome.class);
        try {
            for (int round = 0; round < 300; round++) {
                Recorder recorder = new Recorder();
                MainQueueBlockedClient<String> client = recorder.builder(main)
                        .timeout(Duration.ofMillis(1)).block();
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger decided = new AtomicInteger();
                List<Callable<Boolean>> calls = List.of(() -> client.unblock("u"), client::abort,
                        client::disconnect);
                List<Future<?>> futures = new ArrayList<>();
                for (Callable<Boolean> call : calls) {
                    futures.add(racers.submit(() -> {
                        start.await();
                        if (call.call()) {
                            decided.incrementAndGet();
                        }
                        return null;
                    }));
                }
                // The main thread races too: its drains run the deadline job as soon as it is due.
                main.drain();
                start.countDown();
                for (Future<?> future : futures) {
                    while (!future.isDone()) {
                        main.drainOne();
                        Thread.onSpinWait();
                    }
                    future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                assertTrue(main.runUntil(() -> recorder.frees().size() >= 1 && client.outcome().isPresent()
                        && (client.outcome().get() == Outcome.ABORT || recorder.callbacks() >= 1),
                        TIMEOUT), "round " + round + ": outcome " + client.outcome() + ", " + recorder.events);
                main.drain();
                Outcome outcome = client.outcome().orElseThrow();
                wins.merge(outcome, 1, Integer::sum);
                assertEquals(outcome == Outcome.ABORT ? 0 : 1, recorder.callbacks(),
                        "round " + round + " (" + outcome + "): " + recorder.events);
                assertEquals(outcome == Outcome.TIMEOUT ? 0 : 1, decided.get(),
                        "round " + round + ": calls that returned true");
                assertEquals(List.of("free:u"), recorder.frees(),
                        "round " + round + " (" + outcome + "): " + recorder.events);
                for (Thread thread : recorder.threads) {
                    assertSame(Thread.currentThread(), thread, "round " + round + ": off the main thread");
                }
            }
        } finally {
            racers.shutdownNow();
            assertTrue(racers.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertEquals(300, wins.values().stream().mapToInt(Integer::intValue).sum(), wins.toString());
    }

    /**
     * SPEC rules 9.1 and 9.3: many jobs race to unblock one client each, from the runtime's own
     * workers, while the main thread drains: every client replies exactly once and frees once.
     *
     * <p>If this fails: the main queue lost or doubled a job posted from a worker.
     */
    @Test
    public void required_r9_3_workersUnblockManyClientsEachRepliesOnce() {
        Thr thr = newThr();
        int clients = 2_000;
        AtomicInteger replies = new AtomicInteger();
        AtomicInteger frees = new AtomicInteger();
        AtomicInteger winners = new AtomicInteger();
        Syn racers = thr.newSyn();
        for (int i = 0; i < clients; i++) {
            MainQueueBlockedClient<Integer> client = BlockedClient.<Integer>builder(thr.mainQueue())
                    .onReply(p -> replies.incrementAndGet())
                    .freePrivdata(p -> frees.incrementAndGet())
                    .timeout(Duration.ofSeconds(60))
                    .block();
            int privdata = i;
            for (int j = 0; j < 2; j++) {
                thr.schedule(racers, () -> {
                    if (client.unblock(privdata)) {
                        winners.incrementAndGet();
                    }
                });
            }
        }
        assertTrue(thr.mainQueue().runUntil(() -> frees.get() == clients, TIMEOUT),
                frees.get() + " of " + clients + " freed");
        // A winner's reply can run on the main thread before its unblock has returned true to
        // the worker: wait for every racing job to end before counting the winners.
        assertTrue(racers.await(TIMEOUT), racers.pending() + " racing jobs never ended");
        thr.mainQueue().drain();
        assertEquals(clients, winners.get());
        assertEquals(clients, replies.get());
        assertEquals(clients, frees.get());
    }
}
