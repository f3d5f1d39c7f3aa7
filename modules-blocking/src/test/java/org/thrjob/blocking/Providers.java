package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.thrjob.api.FailureHandler;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.spi.ThrProvider;

/**
 * The providers the blocking tests run on: every {@link ThrProvider} on the test class path, found
 * through {@link ServiceLoader} as an application finds them, and the bounded waits the tests use.
 *
 * <p>With no provider on the path, the tests are aborted (reported as skipped) with the reason,
 * never passed.
 *
 * <p>Thread-safety: stateless.
 */
final class Providers {

    /** The bound of every wait in the blocking tests: a wait that runs out is a failure. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final String NONE = "no ThrProvider on the test class path";

    private Providers() {
    }

    /**
     * The method source of the parameterized tests: one argument per provider found.
     *
     * @return the providers, named after {@link ThrProvider#name()}
     */
    static Stream<Named<ThrProvider>> all() {
        List<Named<ThrProvider>> found = new ArrayList<>();
        for (ThrProvider provider : ServiceLoader.load(ThrProvider.class)) {
            found.add(Named.of(provider.name(), provider));
        }
        if (found.isEmpty()) {
            found.add(Named.of(NONE, null));
        }
        return found.stream();
    }

    /**
     * A runtime of {@code provider}, made on the calling thread (which becomes its main thread).
     *
     * @param provider the provider under test, null when none was found (the test is aborted)
     * @return a new runtime
     */
    static Thr thr(ThrProvider provider) {
        return thr(provider, null);
    }

    /**
     * A runtime of {@code provider} with a failure handler.
     *
     * @param provider the provider under test, null when none was found (the test is aborted)
     * @param handler  the failure handler, or null for the provider's default
     * @return a new runtime
     */
    static Thr thr(ThrProvider provider, FailureHandler handler) {
        Assumptions.assumeTrue(provider != null, NONE + ": add a provider (thr-impl-forkjoin) as a"
                + " test dependency of modules-blocking");
        ThrConfig.Builder config = ThrConfig.builder().name("blocking-test").parallelism(2);
        if (handler != null) {
            config.failureHandler(handler);
        }
        // Through Thr.create(), as an application gets its runtime: the provider is picked by
        // name with the thr.provider switch, so a provider added to the path is run the same way.
        synchronized (Providers.class) {
            String earlier = System.getProperty("thr.provider");
            System.setProperty("thr.provider", provider.name());
            try {
                return Thr.create(config.build());
            } finally {
                if (earlier == null) {
                    System.clearProperty("thr.provider");
                } else {
                    System.setProperty("thr.provider", earlier);
                }
            }
        }
    }

    /**
     * Waits for a latch, failing the test if it does not open within {@link #TIMEOUT}.
     *
     * @param latch the latch
     * @param what  what the latch means, for the failure message
     * @throws InterruptedException if the test is interrupted
     */
    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "timed out waiting for " + what);
    }

    /**
     * Waits, yielding, until {@code condition} holds, failing the test after {@link #TIMEOUT}.
     * For states that have no latch to wait on, such as another thread parking.
     *
     * @param condition the condition
     * @param what      what it means, for the failure message
     */
    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "timed out waiting until " + what);
            Thread.yield();
        }
    }

    /**
     * Waits until {@code thread} blocks (parked or waiting), that is until it sleeps in the call
     * under test rather than returning.
     *
     * @param thread the thread
     */
    static void untilBlocked(Thread thread) {
        until(() -> {
            Thread.State state = thread.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        }, thread.getName() + " blocks");
    }
}
