package org.thrjob.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.thrjob.api.BlockedClient.Outcome;

class MainQueueBlockedClientTest {

    private final FakeMainQueue main = new FakeMainQueue();
    /** Every callback, in order: "reply:x", "timeout:x", "disconnect:x", "free:x". */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ExecutorService racers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopRacers() throws InterruptedException {
        racers.shutdownNow();
        assertTrue(racers.awaitTermination(30, TimeUnit.SECONDS));
    }

    private MainQueueBlockedClient.Builder<String> recording() {
        return BlockedClient.<String>builder(main)
                .onReply(p -> events.add("reply:" + p))
                .onTimeout(p -> events.add("timeout:" + p))
                .onDisconnect(p -> events.add("disconnect:" + p))
                .freePrivdata(p -> events.add("free:" + p));
    }

    @Test
    void unblock_whileBlocked_repliesThenFreesOnMainQueue() {
        MainQueueBlockedClient<String> client = recording().block();

        assertTrue(client.unblock("a"));
        assertEquals(List.of(), events, "callbacks must be posted, not run by the caller");
        main.drain();

        assertEquals(List.of("reply:a", "free:a"), events);
        assertEquals(Optional.of(Outcome.REPLY), client.outcome());
        assertEquals(Optional.of("a"), client.privdata());
    }

    @Test
    void unblock_second_returnsFalseAndDoesNothing() {
        MainQueueBlockedClient<String> client = recording().block();
        assertTrue(client.unblock("a"));

        assertFalse(client.unblock("b"));
        main.drain();

        assertEquals(List.of("reply:a", "free:a"), events);
    }

    @Test
    void timeout_whenDue_runsTimeoutCallbackThenFrees() {
        MainQueueBlockedClient<String> client = recording().privdata("p")
                .timeout(Duration.ofMillis(5)).block();
        assertEquals(1, main.timers().size());
        assertEquals(Duration.ofMillis(5), main.timers().get(0).delay);

        main.timers().get(0).fire();
        main.drain();

        assertEquals(List.of("timeout:p", "free:p"), events);
        assertEquals(Optional.of(Outcome.TIMEOUT), client.outcome());
    }

    @Test
    void timeout_withoutCallback_freesSilently() {
        BlockedClient.<String>builder(main).freePrivdata(p -> events.add("free:" + p))
                .privdata("p").timeoutMillis(5).block();

        main.timers().get(0).fire();
        main.drain();

        assertEquals(List.of("free:p"), events);
    }

    @Test
    void unblock_afterDeadlineInSameTurn_winsOverTimeout() {
        MainQueueBlockedClient<String> client = recording().timeoutMillis(5).block();
        main.timers().get(0).fire(); // the timer job is queued on the main queue, not run yet

        assertTrue(client.unblock("a"));
        main.drain();

        assertEquals(List.of("reply:a", "free:a"), events);
        assertEquals(Optional.of(Outcome.REPLY), client.outcome());
    }

    @Test
    void unblock_afterTimeout_onlyFreesItsPrivdata() {
        MainQueueBlockedClient<String> client = recording().timeoutMillis(5).block();
        main.timers().get(0).fire();
        main.drain();

        assertFalse(client.unblock("late"));
        main.drain();

        assertEquals(List.of("timeout:null", "free:late"), events);
    }

    @Test
    void unblock_afterDisconnect_onlyFreesItsPrivdata() {
        MainQueueBlockedClient<String> client = recording().privdata("p").block();
        assertTrue(client.disconnect());

        assertFalse(client.unblock("late"));
        main.drain();

        assertEquals(List.of("disconnect:p", "free:p", "free:late"), events);
        assertTrue(client.isDisconnected());
        assertEquals(Optional.of(Outcome.DISCONNECT), client.outcome());
    }

    @Test
    void unblock_withTheAlreadyFreedPrivdata_doesNotFreeItTwice() {
        MainQueueBlockedClient<String> client = recording().privdata("p").block();
        assertTrue(client.abort());

        assertFalse(client.unblock("p"));
        main.drain();

        assertEquals(List.of("free:p"), events);
    }

    @Test
    void abort_whileBlocked_freesWithoutReply() {
        MainQueueBlockedClient<String> client = recording().privdata("p").timeoutMillis(5).block();

        assertTrue(client.abort());
        assertFalse(client.abort());
        main.drain();

        assertEquals(List.of("free:p"), events);
        assertEquals(Optional.of(Outcome.ABORT), client.outcome());
        assertTrue(main.timers().get(0).isCancelled(), "abort must cancel the timeout");
    }

    @Test
    void outcome_otherThanTimeout_cancelsTimer() {
        MainQueueBlockedClient<String> client = recording().timeoutMillis(5).block();

        client.unblock("a");

        assertTrue(main.timers().get(0).isCancelled());
    }

    @Test
    void timeout_zero_armsNoTimer() {
        recording().timeout(Duration.ZERO).block();
        recording().block();

        assertEquals(0, main.timers().size());
    }

    @Test
    void timeout_negative_throwsNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> recording().timeout(Duration.ofMillis(-1)));
        assertEquals("timeout must not be negative but was PT-0.001S", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> recording().timeoutMillis(-1));
        assertThrows(NullPointerException.class, () -> recording().timeout(null));
        assertThrows(NullPointerException.class, () -> BlockedClient.builder(null));
    }

    @Test
    void disconnect_afterReply_returnsFalseButMarksDisconnected() {
        MainQueueBlockedClient<String> client = recording().block();
        client.unblock("a");

        assertFalse(client.disconnect());
        main.drain();

        assertTrue(client.isDisconnected());
        assertEquals(List.of("reply:a", "free:a"), events);
    }

    @Test
    void setDisconnectCallback_replacesTheBuildersOne() {
        MainQueueBlockedClient<String> client = recording().privdata("p").block();
        client.setDisconnectCallback(p -> events.add("other:" + p));

        client.disconnect();
        main.drain();

        assertEquals(List.of("other:p", "free:p"), events);
    }

    @Test
    void setPrivdata_afterOutcome_freesTheNewValue() {
        MainQueueBlockedClient<String> client = recording().privdata("p").block();
        client.setPrivdata("q");
        assertEquals(Optional.of("q"), client.privdata());
        client.abort();

        client.setPrivdata("r");
        main.drain();

        assertEquals(List.of("free:q", "free:r"), events);
    }

    @Test
    void nullPrivdata_isNeverFreed() {
        MainQueueBlockedClient<String> client = recording().block();

        client.abort();
        main.drain();

        assertEquals(List.of(), events);
        assertEquals(0, main.posted(), "nothing to run: no job posted");
        assertEquals(Optional.empty(), client.privdata());
    }

    @Test
    void callbackThatThrows_stillFreesAndIsReported() {
        IllegalStateException boom = new IllegalStateException("boom");
        MainQueueBlockedClient<String> client = BlockedClient.<String>builder(main)
                .onReply(p -> {
                    throw boom;
                })
                .freePrivdata(p -> events.add("free:" + p))
                .block();

        client.unblock("a");
        main.drain();

        assertEquals(List.of("free:a"), events);
        assertEquals(List.of(boom), main.failures());
    }

    @Test
    void unblock_afterMainQueueClosed_throwsRejected() {
        MainQueueBlockedClient<String> client = recording().block();
        main.close();

        assertThrows(RejectedJobException.class, () -> client.unblock("a"));
    }

    @Test
    void measureTime_sumsStartToEndIntervals() throws InterruptedException {
        MainQueueBlockedClient<String> client = recording().block();
        client.measureTimeEnd(); // without a start: nothing
        assertEquals(Duration.ZERO, client.backgroundTime());

        long before = System.nanoTime();
        client.measureTimeStart();
        TimeUnit.MILLISECONDS.sleep(2); // the measured interval itself, not a synchronization
        client.measureTimeEnd();
        long outer = System.nanoTime() - before;

        long measured = client.backgroundTime().toNanos();
        assertTrue(measured >= TimeUnit.MILLISECONDS.toNanos(2) && measured <= outer,
                "measured " + measured + " ns, outer bound " + outer + " ns");
        client.measureTimeEnd(); // second end: nothing added
        assertEquals(measured, client.backgroundTime().toNanos());
    }

    /**
     * Unblock, abort, disconnect and the deadline race from four threads, many times: exactly one
     * outcome callback per client and every non-null privdata freed exactly once.
     */
    @Test
    void race_allOutcomes_exactlyOneWinsAndEachPrivdataFreedOnce() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            events.clear();
            MainQueueBlockedClient<String> client = recording().timeoutMillis(1).block();
            FakeMainQueue.Timer timer = main.timers().get(main.timers().size() - 1);
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger decided = new AtomicInteger();
            List<Future<?>> futures = List.of(
                    racers.submit(() -> race(start, () -> client.unblock("u"), decided)),
                    racers.submit(() -> race(start, client::abort, decided)),
                    racers.submit(() -> race(start, client::disconnect, decided)),
                    racers.submit(() -> race(start, () -> {
                        timer.fire();
                        return false; // the timeout decides only when its job runs
                    }, decided)));
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
            main.drain();

            long callbacks = events.stream().filter(e -> !e.startsWith("free:")).count();
            Outcome outcome = client.outcome().orElseThrow();
            int expectedCallbacks = outcome == Outcome.ABORT ? 0 : 1;
            assertEquals(expectedCallbacks, callbacks, "round " + round + ": " + events);
            assertEquals(outcome == Outcome.TIMEOUT ? 0 : 1, decided.get(),
                    "round " + round + ": calls that returned true");
            // "u" is freed exactly once whichever outcome won: by the reply, or as a late unblock.
            assertEquals(List.of("free:u"), events.stream().filter(e -> e.startsWith("free:")).toList(),
                    "round " + round + " (" + outcome + "): " + events);
            assertTrue(main.failures().isEmpty(), main.failures().toString());
        }
    }

    private static Void race(CountDownLatch start, java.util.concurrent.Callable<Boolean> call,
            AtomicInteger decided) throws Exception {
        start.await();
        if (call.call()) {
            decided.incrementAndGet();
        }
        return null;
    }
}
