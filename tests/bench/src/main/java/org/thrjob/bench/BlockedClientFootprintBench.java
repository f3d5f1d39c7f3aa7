package org.thrjob.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.MainQueue;
import org.thrjob.api.Thr;
import org.thrjob.blocking.CommandDispatcher;
import org.thrjob.blocking.CommandRegistry;

/**
 * Heap retained per blocked client while it waits: {@value #CLIENTS} connected clients are blocked
 * (no timeout, as a BLPOP with timeout 0), and the heap in use after a full GC is compared with
 * the heap before they blocked. The score that matters is the {@code bytesPerClient} counter
 * (heap delta / clients); the time is only how long blocking them took. Target: at most 200 bytes
 * (docs/BENCHMARKS.md).
 *
 * <ul>
 *   <li>{@code thr-forkjoin}: {@code CommandDispatcher.submit(client, BLOCK)}; the command keeps
 *       its {@code BlockedClient} in an array, as a module keeps its handles;</li>
 *   <li>{@code api-blocked-client}: thr-api's bare {@code MainQueueBlockedClient} built with the
 *       same callbacks, the floor a blocked client without a command context costs.</li>
 * </ul>
 *
 * <pre>
 * tests/bench/run.sh BlockedClientFootprintBench
 * </pre>
 *
 * <p>Heap deltas rather than JOL: they count everything the dispatcher keeps (handle, argument
 * list, registry entries) without a new dependency. Thread-safety: main thread only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BlockedClientFootprintBench {

    static final int CLIENTS = 100_000;
    private static final List<byte[]> BLOCK = List.of("BLOCK".getBytes(StandardCharsets.US_ASCII));

    /** Which contender runs. */
    @Param({"thr-forkjoin", "api-blocked-client"})
    public String impl;

    private Thr thr;
    private MainQueue main;
    private CommandDispatcher dispatcher;
    private CountingClient[] clients;
    private BlockedClient<?>[] handles;
    private int next;

    /** The figure of this benchmark, reported by JMH beside the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        /** Heap retained per blocked client, in bytes. */
        public double bytesPerClient;

        /** For JMH. */
        public Footprint() {
        }
    }

    /** For JMH. */
    public BlockedClientFootprintBench() {
    }

    /** Starts the runtime and connects the clients, so that only blocking is measured. */
    @Setup(Level.Iteration)
    public void setUp() {
        if (!Pools.isThr(impl) && !impl.equals("api-blocked-client")) {
            throw Pools.unknown(impl);
        }
        thr = Pools.newThr("thr-forkjoin");
        main = thr.mainQueue();
        handles = new BlockedClient<?>[CLIENTS];
        next = 0;
        CommandRegistry registry = new CommandRegistry();
        registry.register("block", 1, (ctx, args) -> handles[next++] = ctx.blockClient(
                (c, a) -> c.replyNull(), (c, a) -> c.replyNull(), null, 0));
        dispatcher = new CommandDispatcher(main, registry, CountingClient.NO_KEYS);
        dispatcher.gil().lock();
        clients = new CountingClient[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = new CountingClient(i + 1);
            dispatcher.connect(clients[i]);
        }
    }

    /** Releases the clients and stops the runtime. */
    @TearDown(Level.Iteration)
    public void tearDown() {
        for (BlockedClient<?> h : handles) {
            if (h != null) {
                h.abort();
            }
        }
        main.drain();
        dispatcher.gil().unlock();
        Pools.close(thr);
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * Blocks every client and records the heap they retain.
     *
     * @param footprint where the figure goes
     * @return the handles, so that they stay reachable until measured
     */
    @Benchmark
    public Object blockAll(Footprint footprint) {
        if (main.thread() != Thread.currentThread()) {
            dispatcher.gil().unlock();
            main.bindToCurrentThread();
            dispatcher.gil().lock();
        }
        long before = usedAfterGc();
        if (impl.equals("api-blocked-client")) {
            for (int i = 0; i < CLIENTS; i++) {
                CountingClient c = clients[i];
                handles[i] = BlockedClient.<Long>builder(main).onReply(n -> c.nullValue())
                        .onTimeout(n -> c.nullValue()).timeout(Duration.ZERO).block();
            }
        } else {
            for (CountingClient c : clients) {
                dispatcher.submit(c, BLOCK);
            }
        }
        long after = usedAfterGc();
        footprint.bytesPerClient = (after - before) / (double) CLIENTS;
        return handles;
    }
}
