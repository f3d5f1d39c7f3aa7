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
 * seed: each is served or ends at most once, each privdata is freed exactly once on the main
 * thread, and no key stays waited on.
 */
class BlockOnKeysRaceTest {

    private static final int CLIENTS = 10_000;
    private static final int KEYS = 16;

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void race_signalsDeadlinesDisconnects_oneOutcomeEachAndFreedOnce(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            Thread main = host.thr.mainQueue().thread();
            AtomicInteger offMain = new AtomicInteger();
            int[] outcomes = new int[CLIENTS];
            int[] frees = new int[CLIENTS];
            int[] timeouts = new int[CLIENTS];
            AtomicInteger served = new AtomicInteger();
            host.registry.register("wait", 3, (ctx, args) -> {
                int id = Integer.parseInt(new String(args.get(1), StandardCharsets.US_ASCII));
                long timeout = Long.parseLong(new String(args.get(2), StandardCharsets.US_ASCII));
                ctx.blockClientOnKeys((c, a) -> {
                    if (Thread.currentThread() != main) {
                        offMain.incrementAndGet();
                    }
                    boolean accept = (c.<Integer>blockedPrivdata() + c.readyKey()[0]) % 2 == 0;
                    if (accept) {
                        outcomes[c.<Integer>blockedPrivdata()]++;
                        served.incrementAndGet();
                    }
                    return accept;
                }, (c, a) -> outcomes[c.<Integer>blockedPrivdata()]++, (c, p) -> {
                    if (Thread.currentThread() != main) {
                        offMain.incrementAndGet();
                    }
                    frees[p]++;
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
            for (int s = 0; s < 4 * KEYS; s++) {
                byte key = (byte) rnd.nextInt(KEYS);
                host.thr.schedule(() -> host.dispatcher.signalKeyAsReady(0, new byte[] {key}));
            }
            host.pump();
            for (FakeClient c : clients) {
                if (rnd.nextInt(4) == 0) {
                    host.dispatcher.disconnect(c);
                }
            }
            host.pumpUntil(() -> {
                for (int i = 0; i < CLIENTS; i++) {
                    if (timeouts[i] > 0 && frees[i] == 0) {
                        return false;
                    }
                }
                return true;
            }, "every client with a deadline served, timed out or gone");
            for (FakeClient c : clients) {
                host.dispatcher.disconnect(c); // the host drops those still waiting for ever
            }
            assertEquals(0, offMain.get(), "callbacks ran off the main thread");
            for (int i = 0; i < CLIENTS; i++) {
                assertTrue(outcomes[i] <= 1, "client " + i + " ended " + outcomes[i] + " times");
                assertEquals(1, frees[i], "privdata of client " + i + " freed " + frees[i] + " times");
            }
            assertEquals(0, host.dispatcher.stats().blockedNow());
            assertEquals(0, host.dispatcher.keysWaitedOn());
            assertTrue(host.dispatcher.stats().timeouts() > 0 && served.get() > 0,
                    "the race took every path: " + host.dispatcher.stats().timeouts() + " timeouts, "
                    + served.get() + " served");
        }
    }
}
