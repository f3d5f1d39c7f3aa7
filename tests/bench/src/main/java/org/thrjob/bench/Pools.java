package org.thrjob.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;

/**
 * The runtimes and JDK pools every benchmark compares, built the same way everywhere: two workers
 * each, so that no contender gets more threads than the machine has cores.
 *
 * <p>Thread-safety: stateless; the factories may be called from any thread.
 */
final class Pools {

    /** Workers of every runtime and pool under test. */
    static final int PARALLELISM = 2;

    /** The prefix of an {@code impl} parameter that names a thrjob provider: {@code thr-forkjoin}. */
    static final String THR_PREFIX = "thr-";

    private Pools() {
    }

    /**
     * Tells whether a benchmark's {@code impl} parameter names a thrjob provider.
     *
     * @param impl the parameter value; not null
     * @return true for {@code thr-<provider>}
     */
    static boolean isThr(String impl) {
        return impl.startsWith(THR_PREFIX);
    }

    /**
     * Creates a runtime of {@link #PARALLELISM} workers through the ordinary lookup
     * ({@code Thr.create}), and checks that the lookup chose the provider the label names, so a
     * result labelled {@code thr-forkjoin} was measured on {@code forkjoin}.
     *
     * @param impl {@code thr-<provider>}, e.g. {@code thr-forkjoin}
     * @return a new runtime; the caller closes it
     * @throws IllegalStateException if the lookup chose another provider; the message says to
     *                               pass {@code -Dthr.provider=<provider>}
     */
    static Thr newThr(String impl) {
        String wanted = impl.substring(THR_PREFIX.length());
        // JMH runs each impl in a fork of its own: select the labelled provider the way an
        // operator does, so one run compares several providers side by side.
        System.setProperty("thr.provider", wanted);
        Thr thr = Thr.create(ThrConfig.builder().name("bench").parallelism(PARALLELISM).build());
        if (!thr.providerName().equals(wanted)) {
            String chosen = thr.providerName();
            thr.close();
            throw new IllegalStateException("impl '" + impl + "' measures provider '" + wanted
                    + "' but the lookup chose '" + chosen + "': run with -Dthr.provider=" + wanted);
        }
        return thr;
    }

    /**
     * A raw {@code ForkJoinPool} of {@link #PARALLELISM} workers, async mode off (the default).
     *
     * @return a new pool; close it with {@link #shutdown}
     */
    static ForkJoinPool newForkJoinPool() {
        return new ForkJoinPool(PARALLELISM);
    }

    /**
     * A {@code ThreadPoolExecutor} of {@link #PARALLELISM} threads on an unbounded
     * {@code LinkedBlockingQueue}: {@code Executors.newFixedThreadPool(2)}, threads started.
     *
     * @return a new executor; close it with {@link #shutdown}
     */
    static ThreadPoolExecutor newThreadPoolExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(PARALLELISM, PARALLELISM,
                0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        executor.prestartAllCoreThreads();
        return executor;
    }

    /**
     * Shuts a pool down and waits for its threads, so that no trial leaves threads running into
     * the next one.
     *
     * @param pool the pool, or null if the trial did not create one
     * @throws IllegalStateException if the pool's threads do not end within 30 seconds
     */
    static void shutdown(ExecutorService pool) {
        if (pool == null) {
            return;
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(pool + " did not terminate within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while shutting down " + pool, e);
        }
    }

    /**
     * Closes a runtime, if the trial created one.
     *
     * @param thr the runtime, or null
     */
    static void close(Thr thr) {
        if (thr != null) {
            thr.close();
        }
    }

    /**
     * Rejects an {@code impl} value the benchmark does not know.
     *
     * @param impl the parameter value
     * @return the exception to throw, naming the value
     */
    static IllegalArgumentException unknown(String impl) {
        return new IllegalArgumentException("unknown impl '" + impl
                + "': use one of the values of the benchmark's @Param");
    }
}
