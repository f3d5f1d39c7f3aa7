package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.spi.ThrProvider;

/**
 * Clients blocked on keys raced by signals from jobs, deadlines and disconnects, with a fixed
 * seed: each ends in exactly one outcome (served, timed out or disconnected), its privdata is
 * freed exactly once on the main thread, and no key stays waited on.
 *
 * <p>Nothing here depends on how fast the machine is: which outcome wins a race is free, and each
 * path is shown taken by clients for which it is the only possible end. A client waits on keys
 * {@code id % KEYS} and {@code (id + 1) % KEYS} and accepts only a signal of the first; the last key
 * is never signalled, so its timed clients can only time out or be disconnected, and its other
 * clients only be disconnected; the first batch of signals is delivered before any disconnect,
 * so clients waiting for ever on its keys are surely served.
 */
class BlockOnKeysRaceTest {

    private static final int CLIENTS = 10_000;
    private static final int KEYS = 16;
    private static final int SIGNALS = 2 * KEYS;

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void race_signalsDeadlinesDisconnects_oneOutcomeEachAndFreedOnce(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            Thread main = host.thr.mainQueue().thread();
            AtomicInteger offMain = new AtomicInteger();
            int[] served = new int[CLIENTS];
            int[] timedOut = new int[CLIENTS];
            int[] gone = new int[CLIENTS];
            int[] frees = new int[CLIENTS];
            int[] timeouts = new int[CLIENTS];
            host.registry.register("wait", 3, (ctx, args) -> {
                int id = Integer.parseInt(new String(args.get(1), StandardCharsets.US_ASCII));
                long timeout = Long.parseLong(new String(args.get(2), StandardCharsets.US_ASCII));
                ctx.blockClientOnKeys((c, a) -> {
                    if (Thread.currentThread() != main) {
                        offMain.incrementAndGet();
                    }
                    int me = c.<Integer>blockedPrivdata();
                    boolean accept = c.readyKey()[0] == me % KEYS;
                    if (accept) {
                        served[me]++;
                    }
                    return accept;
                }, (c, a) -> timedOut[c.<Integer>blockedPrivdata()]++, (c, p) -> {
                    if (Thread.currentThread() != main) {
                        offMain.incrementAndGet();
                    }
                    frees[p]++;
                    if (c.blockedClientDisconnected()) {
                        gone[p]++;
                    }
                }, timeout, List.of(new byte[] {(byte) (id % KEYS)}, new byte[] {(byte) ((id + 1) % KEYS)}), id, false);
            });
            Random rnd = new Random(7);
            List<FakeClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                FakeClient c = host.client();
                clients.add(c);
                timeouts[i] = rnd.nextInt(2) == 0 ? 0 : 1 + rnd.nextInt(3); // half wait for ever
                host.send(c, "WAIT", Integer.toString(i), Integer.toString(timeouts[i]));
            }
            AtomicInteger delivered = new AtomicInteger();
            signal(host, rnd, delivered);
            // the signals' main jobs are posted before 'delivered' counts them: one more drain runs them
            host.pumpUntil(() -> delivered.get() == SIGNALS, "the first signals delivered");
            host.pump();
            signal(host, rnd, delivered); // these race the disconnects and the deadlines
            boolean[] dropped = new boolean[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                if (rnd.nextInt(4) == 0) {
                    dropped[i] = true;
                    host.dispatcher.disconnect(clients.get(i));
                }
            }
            host.pumpUntil(() -> {
                if (delivered.get() < 2 * SIGNALS) {
                    return false;
                }
                for (int i = 0; i < CLIENTS; i++) {
                    if (timeouts[i] > 0 && frees[i] == 0) {
                        return false;
                    }
                }
                return true;
            }, "every signal delivered and every client with a deadline served, timed out or gone");
            host.pump();
            for (FakeClient c : clients) {
                host.dispatcher.disconnect(c); // the host drops those still waiting for ever
            }

            assertEquals(0, offMain.get(), "callbacks ran off the main thread");
            int[] ends = new int[3];
            for (int i = 0; i < CLIENTS; i++) {
                assertEquals(1, served[i] + timedOut[i] + gone[i], "client " + i + " ended " + served[i]
                        + " times served, " + timedOut[i] + " timed out, " + gone[i] + " disconnected");
                assertEquals(1, frees[i], "privdata of client " + i + " freed " + frees[i] + " times");
                if (timeouts[i] == 0) {
                    assertEquals(0, timedOut[i], "client " + i + " has no deadline but timed out");
                }
                if (i % KEYS == KEYS - 1) {
                    assertEquals(0, served[i], "client " + i + " was served by a key never signalled");
                    if (timeouts[i] > 0 && !dropped[i]) {
                        assertEquals(1, timedOut[i], "client " + i + " was never signalled nor dropped:"
                                + " it can only time out");
                    }
                }
                ends[served[i] == 1 ? 0 : timedOut[i] == 1 ? 1 : 2]++;
            }
            assertEquals(0, host.dispatcher.stats().blockedNow());
            assertEquals(0, host.dispatcher.keysWaitedOn());
            assertEquals(ends[1], host.dispatcher.stats().timeouts(), "the dispatcher's count of timeouts");
            assertTrue(ends[0] > 0 && ends[1] > 0 && ends[2] > 0, "the race took every path: "
                    + ends[0] + " served, " + ends[1] + " timed out, " + ends[2] + " disconnected");
        }
    }

    /** Signals {@link #SIGNALS} random keys, but never the last one, from jobs. */
    private static void signal(TestHost host, Random rnd, AtomicInteger delivered) {
        for (int s = 0; s < SIGNALS; s++) {
            byte key = (byte) rnd.nextInt(KEYS - 1);
            host.thr.schedule(() -> {
                host.dispatcher.signalKeyAsReady(0, new byte[] {key});
                delivered.incrementAndGet();
            });
        }
    }
}
