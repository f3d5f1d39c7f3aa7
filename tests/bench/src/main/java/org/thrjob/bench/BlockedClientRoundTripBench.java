package org.thrjob.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * The blocking-command round trip of modules-blocking: a command blocks its client
 * ({@code ctx.blockClient}), a worker unblocks it with a privdata, and the reply callback replies
 * on the main thread. {@value #CLIENTS} clients are in flight per invocation while the benchmark
 * thread, the main thread, pumps the main queue; one operation is one round trip, so the score is
 * round trips per second. Target: at least 1,000,000/s (docs/BENCHMARKS.md).
 *
 * <ul>
 *   <li>{@code thr-forkjoin}: {@code CommandDispatcher.submit(client, BLOCK)} for each client, the
 *       command schedules {@code bc.unblock(42L)}, then {@code mainQueue.runUntil(all replied)};</li>
 *   <li>{@code completable-future}: the JDK way without a framework:
 *       {@code CompletableFuture.supplyAsync} on a {@code new ForkJoinPool(2)} whose completion
 *       queues the reply on a {@code LinkedBlockingQueue} that the main thread takes from,
 *       sleeping while it is empty as an event loop does.</li>
 * </ul>
 *
 * <pre>
 * tests/bench/run.sh BlockedClientRoundTripBench
 * </pre>
 *
 * <p>Thread-safety: the dispatcher and the clients are touched on the main thread only (the
 * benchmark thread, rebound if JMH moves it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BlockedClientRoundTripBench {

    static final int CLIENTS = 1_000;
    private static final List<byte[]> BLOCK = List.of("BLOCK".getBytes(StandardCharsets.US_ASCII));

    /** Which contender runs: a thrjob provider ({@code thr-<name>}) or the JDK baseline. */
    @Param({"thr-threads", "thr-forkjoin", "completable-future"})
    public String impl;

    private Thr thr;
    private MainQueue main;
    private CommandDispatcher dispatcher;
    private CountingClient[] clients;
    private long replies;
    private long expected;
    private final BooleanSupplier allReplied = () -> replies == expected;
    private ForkJoinPool pool;
    private final LinkedBlockingQueue<Long> mailbox = new LinkedBlockingQueue<>();

    /** For JMH. */
    public BlockedClientRoundTripBench() {
    }

    /** Starts the contender and connects the clients. */
    @Setup(Level.Trial)
    public void setUp() {
        if (Pools.isThr(impl)) {
            thr = Pools.newThr(impl);
            main = thr.mainQueue();
            CommandRegistry registry = new CommandRegistry();
            registry.register("block", 1, (ctx, args) -> {
                BlockedClient<Long> bc = ctx.blockClient((c, a) -> {
                    c.replyInteger(c.<Long>blockedPrivdata());
                    replies++;
                }, null, null, 0);
                thr.schedule(() -> bc.unblock(42L));
            });
            dispatcher = new CommandDispatcher(main, registry, CountingClient.NO_KEYS);
            dispatcher.gil().lock();
            clients = new CountingClient[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                clients[i] = new CountingClient(i + 1);
                dispatcher.connect(clients[i]);
            }
        } else if (impl.equals("completable-future")) {
            pool = Pools.newForkJoinPool();
        } else {
            throw Pools.unknown(impl);
        }
    }

    /** Stops the contender. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (dispatcher != null && dispatcher.gil().isHeldByCurrentThread()) {
            dispatcher.gil().unlock();
        }
        Pools.close(thr);
        Pools.shutdown(pool);
    }

    /**
     * Blocks {@value #CLIENTS} clients and waits until each got its reply on this thread.
     *
     * @return the replies so far, so that nothing is optimized away
     * @throws InterruptedException if the baseline's wait is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(CLIENTS)
    public long roundTrips() throws InterruptedException {
        if (main != null) {
            if (main.thread() != Thread.currentThread()) {
                dispatcher.gil().unlock(); // JMH moved threads: the GIL and the main thread follow
                main.bindToCurrentThread();
                dispatcher.gil().lock();
            }
            expected = replies + CLIENTS;
            for (CountingClient c : clients) {
                dispatcher.submit(c, BLOCK);
            }
            main.runUntil(allReplied);
            return replies;
        }
        long target = replies + CLIENTS;
        for (int i = 0; i < CLIENTS; i++) {
            CompletableFuture.supplyAsync(() -> 42L, pool).thenAccept(mailbox::add);
        }
        while (replies != target) {
            mailbox.take();
            replies++;
        }
        return replies;
    }
}
