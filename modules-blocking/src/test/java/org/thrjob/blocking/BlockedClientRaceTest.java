package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.spi.ThrProvider;

/**
 * SPEC rules 9.1 to 9.3 under fire: 100,000 blocked clients, each raced by an unblocking job, a
 * deadline (for most), a disconnect and sometimes an abort, chosen with a fixed seed. Every client
 * gets at most one reply, every privdata is freed exactly once, nothing stays registered, and no
 * callback runs off the main thread.
 */
class BlockedClientRaceTest {

    private static final int CLIENTS = 100_000;
    private static final int BATCH = 5_000;

    /** A privdata; {@code frees} is only touched on the main thread (checked). */
    static final class Priv {
        final int client;
        int frees;

        Priv(int client) {
            this.client = client;
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void race_unblockDeadlineDisconnectAbort_oneOutcomeEachAndEveryPrivdataFreedOnce(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            Thread main = host.thr.mainQueue().thread();
            AtomicInteger offMain = new AtomicInteger();
            int[] replies = new int[CLIENTS];
            ConcurrentLinkedQueue<Priv> created = new ConcurrentLinkedQueue<>();
            AtomicInteger freed = new AtomicInteger();
            // An unblock's privdata replaces the one set earlier, which goes back to the caller
            // (Redis's RM_UnblockClient): those are the privdata not freed by the module.
            Priv[] initial = new Priv[CLIENTS];
            boolean[] replaced = new boolean[CLIENTS];
            AtomicInteger replacedCount = new AtomicInteger();
            // The racing jobs' ends: a client can be decided (deadline, abort, disconnect) before
            // its unblock job has even run, so the waits below also wait for every job to end.
            AtomicInteger jobsEnded = new AtomicInteger();
            int jobsScheduled = 0;
            AtomicReference<BlockedClient<Priv>> last = new AtomicReference<>();
            Command reply = (ctx, args) -> {
                if (Thread.currentThread() != main) {
                    offMain.incrementAndGet();
                }
                replies[ctx.<Priv>blockedPrivdata().client]++;
            };
            PrivdataFree<Priv> free = (ctx, p) -> {
                if (Thread.currentThread() != main) {
                    offMain.incrementAndGet();
                }
                p.frees++;
                freed.incrementAndGet();
            };
            host.registry.register("race", 3, (ctx, args) -> {
                int id = Integer.parseInt(new String(args.get(1)));
                long timeout = Long.parseLong(new String(args.get(2)));
                BlockedClient<Priv> bc = ctx.blockClient(reply, reply, free, timeout);
                Priv p = new Priv(id);
                created.add(p);
                initial[id] = p;
                bc.setPrivdata(p);
                bc.setDisconnectCallback(q -> {
                    if (Thread.currentThread() != main) {
                        offMain.incrementAndGet();
                    }
                });
                last.set(bc);
            });
            Random rnd = new Random(20_26);
            for (int base = 0; base < CLIENTS; base += BATCH) {
                List<FakeClient> clients = new ArrayList<>(BATCH);
                List<FakeClient> toDrop = new ArrayList<>();
                List<BlockedClient<Priv>> handles = new ArrayList<>(BATCH);
                for (int i = base; i < base + BATCH; i++) {
                    FakeClient c = host.client();
                    clients.add(c);
                    int timeout = rnd.nextInt(4); // 0 = no deadline, else 1-3 ms
                    host.send(c, "RACE", Integer.toString(i), Integer.toString(timeout));
                    handles.add(last.get());
                }
                for (int j = 0; j < BATCH; j++) {
                    BlockedClient<Priv> bc = handles.get(j);
                    int client = base + j;
                    boolean abort = rnd.nextInt(5) == 0;
                    if (rnd.nextInt(3) == 0) {
                        toDrop.add(clients.get(j));
                    }
                    host.thr.schedule(() -> {
                        try {
                            Priv p = new Priv(client);
                            created.add(p);
                            if (bc.unblock(p)) {
                                replaced[client] = true;
                                replacedCount.incrementAndGet();
                            }
                        } finally {
                            jobsEnded.incrementAndGet();
                        }
                    });
                    jobsScheduled++;
                    if (abort) {
                        host.thr.schedule(() -> {
                            try {
                                bc.abort();
                            } finally {
                                jobsEnded.incrementAndGet();
                            }
                        });
                        jobsScheduled++;
                    }
                }
                host.pump();
                for (FakeClient c : toDrop) {
                    host.dispatcher.disconnect(c);
                }
                int scheduled = jobsScheduled;
                host.pumpUntil(() -> jobsEnded.get() == scheduled
                        && handles.stream().allMatch(h -> h.outcome().isPresent())
                        && freed.get() + replacedCount.get() == created.size(), "every client of the batch decided and freed");
                for (FakeClient c : clients) {
                    host.dispatcher.disconnect(c);
                }
            }
            int scheduled = jobsScheduled;
            host.pumpUntil(() -> jobsEnded.get() == scheduled
                    && freed.get() + replacedCount.get() == created.size(), "the last frees");
            assertEquals(0, offMain.get(), "callbacks ran off the main thread");
            for (int i = 0; i < CLIENTS; i++) {
                assertTrue(replies[i] <= 1, "client " + i + " got " + replies[i] + " replies");
            }
            for (Priv p : created) {
                int expected = p == initial[p.client] && replaced[p.client] ? 0 : 1;
                assertEquals(expected, p.frees, "privdata of client " + p.client + " freed " + p.frees + " times");
            }
            assertEquals(2 * CLIENTS, created.size());
            BlockingStats stats = host.dispatcher.stats();
            assertEquals(0, stats.blockedNow(), "the registry of blocked clients is empty");
            assertEquals(CLIENTS, stats.totalBlocked());
            assertEquals(0, host.dispatcher.keysWaitedOn());
        }
    }
}
