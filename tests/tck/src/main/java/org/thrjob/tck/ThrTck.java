package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.spi.ThrProvider;

/**
 * The base of every TCK class: it supplies runtimes made by the provider under test, closes them
 * after each test, and checks that they left no thread behind.
 *
 * <p>A provider's test extends a TCK class and implements {@link #provider()}; nothing else.
 *
 * <p><b>Thread-safety:</b> an instance serves one test at a time, as JUnit runs it; the helpers may
 * be called from any thread of that test.
 */
public abstract class ThrTck {

    /** The bound on every wait in the TCK: a test that needs longer is hung, not slow. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private final List<Thr> runtimes = new CopyOnWriteArrayList<>();

    /** For subclasses. */
    protected ThrTck() {
    }

    /**
     * The provider under test. Called once per runtime a test creates.
     *
     * @return the provider, never null
     */
    protected abstract ThrProvider provider();

    /**
     * A runtime of the provider under test with 4 workers and a name unique to this test; it is
     * closed after the test.
     *
     * @return a new runtime
     */
    protected Thr newThr() {
        return newThr(config().build());
    }

    /**
     * The configuration {@link #newThr()} uses, to change some values: 4 workers, a unique name.
     *
     * @return a builder of the default TCK configuration
     */
    protected ThrConfig.Builder config() {
        return ThrConfig.builder().name("tck" + RUNTIMES.incrementAndGet()).parallelism(4);
    }

    /**
     * A runtime of the provider under test with {@code config}; it is closed after the test.
     *
     * @param config the configuration; not null
     * @return a new runtime
     */
    protected Thr newThr(ThrConfig config) {
        Thr thr = provider().create(config);
        if (thr == null) {
            fail("provider " + provider().name() + " returned null from create()");
        }
        runtimes.add(thr);
        return thr;
    }

    /**
     * Closes every runtime the test created, on the test's thread (the main thread of each), and
     * checks that none left a thread alive (SPEC rule 7.5).
     *
     * @throws InterruptedException if interrupted while joining
     */
    @AfterEach
    protected void closeRuntimes() throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (Thr thr : runtimes) {
            thr.close();
            names.add(thr.name());
        }
        runtimes.clear();
        for (String name : names) {
            assertNoThreadLeft(name);
        }
    }

    /**
     * Fails if a live thread's name starts with {@code runtimeName + "-"}.
     *
     * @param runtimeName the runtime's name
     * @throws InterruptedException if interrupted while waiting for a thread to end
     */
    protected static void assertNoThreadLeft(String runtimeName) throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(runtimeName + "-") && thread.isAlive()) {
                // A thread may be past its last action but not yet dead: give it the bound.
                thread.join(TIMEOUT.toMillis());
                assertTrue(!thread.isAlive(), "thread " + thread.getName()
                        + " of runtime " + runtimeName + " is still alive after close()");
            }
        }
    }

    /**
     * Waits for a latch with the TCK's bound, failing the test if it is not reached.
     *
     * @param latch the latch
     * @param what  what the latch stands for, for the failure message
     * @throws InterruptedException if interrupted
     */
    protected static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                "timed out after " + TIMEOUT + " waiting for " + what + " (" + latch.getCount()
                        + " count left)");
    }

    /**
     * Waits until {@code condition} holds, checking it every millisecond up to the TCK's bound.
     * For conditions no latch can signal (a thread ending, a counter read from stats).
     *
     * @param condition the condition
     * @param what      what it stands for, for the failure message
     * @throws InterruptedException if interrupted
     */
    protected static void awaitCondition(BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + TIMEOUT + " waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }
}
