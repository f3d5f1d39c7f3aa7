package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.spi.ThrProvider;

/**
 * SPEC rule 9.10: a module timer and the deadline of a client blocked in the same call are
 * decided in deadline order, a tie going to the timer, even when the main thread gets to both
 * only after both are due (as on a loaded machine): the test holds the main thread back past both.
 */
class TimerDeadlineOrderTest {

    private static final int CLIENTS = 50;

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void deadlineBeforeTimer_timesOut_evenWhenTheMainThreadIsLate(ThrProvider provider) throws Exception {
        assertEndings(provider, 1, 40, "TIMEDOUT", false);
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void timerBeforeDeadline_unblocks_evenWhenTheMainThreadIsLate(ThrProvider provider) throws Exception {
        assertEndings(provider, 40, 1, "OK", true);
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void equalDeadlines_theTimerWins_evenWhenTheMainThreadIsLate(ThrProvider provider) throws Exception {
        assertEndings(provider, 20, 20, "OK", true);
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void equalDeadlines_theTimerWins_onTime(ThrProvider provider) throws Exception {
        try (TestHost host = new TestHost(provider)) {
            List<Boolean> unblocks = register(host);
            FakeClient c = host.client();
            host.send(c, "RACE", "5", "5");
            host.pumpUntil(() -> unblocks.size() == 1, "the timer fired");
            assertEquals(List.of("+OK"), c.replies);
            assertEquals(List.of(true), unblocks);
        }
    }

    /** Blocks CLIENTS clients with these delays, keeps the main thread away past both, then checks who won. */
    private static void assertEndings(ThrProvider provider, long timeoutMs, long periodMs, String reply,
            boolean unblockWins) throws Exception {
        try (TestHost host = new TestHost(provider)) {
            List<Boolean> unblocks = register(host);
            List<FakeClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                FakeClient c = host.client();
                clients.add(c);
                host.send(c, "RACE", Long.toString(timeoutMs), Long.toString(periodMs));
            }
            // the main thread does not drain until both delays have passed, twice over
            CountDownLatch late = new CountDownLatch(1);
            host.thr.postAfter(Duration.ofMillis(2 * Math.max(timeoutMs, periodMs)), late::countDown);
            assertTrue(late.await(Providers.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the delay job did not run");
            host.pumpUntil(() -> unblocks.size() == CLIENTS, "every timer fired");
            host.pumpUntil(() -> clients.stream().allMatch(c -> !c.replies.isEmpty()), "every client answered");
            for (FakeClient c : clients) {
                assertEquals(List.of("+" + reply), c.replies, "client " + c.id());
            }
            for (Boolean won : unblocks) {
                assertEquals(unblockWins, won, "the timer's unblock");
            }
        }
    }

    /** RACE timeout period: blocks with a deadline and arms a timer that unblocks; records the unblock's result. */
    private static List<Boolean> register(TestHost host) {
        List<Boolean> unblocks = new ArrayList<>();
        host.registry.register("race", 3, (ctx, args) -> {
            long timeout = Long.parseLong(new String(args.get(1), StandardCharsets.US_ASCII));
            long period = Long.parseLong(new String(args.get(2), StandardCharsets.US_ASCII));
            BlockedClient<Object> bc = ctx.blockClient((c, a) -> c.replySimple("OK"),
                    (c, a) -> c.replySimple("TIMEDOUT"), (c, p) -> { }, timeout);
            ctx.createTimer(period, t -> unblocks.add(bc.unblock(null)));
        });
        return unblocks;
    }
}
