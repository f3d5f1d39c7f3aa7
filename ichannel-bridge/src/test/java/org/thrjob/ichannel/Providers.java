package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.spi.ThrProvider;

/**
 * The providers the ichannel tests run on: every {@link ThrProvider} that {@link ServiceLoader}
 * finds on the test class path, each chosen through {@link Thr#create} with
 * {@code -Dthr.provider} as an operator would choose it; and the bounded waits of the tests.
 *
 * <p>With no provider on the path, the tests are aborted (reported as skipped) with the reason.
 *
 * <p>Thread-safety: the runtime factory sets a system property: the tests of this module run one
 * at a time (JUnit's default).
 */
final class Providers {

    /** The bound of every wait in the tests: a wait that runs out is a failure. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final String NONE = "no ThrProvider on the test class path";

    private Providers() {
    }

    /**
     * The method source of the parameterized tests: one provider name per provider found.
     *
     * @return the names
     */
    static Stream<Named<String>> all() {
        List<Named<String>> found = new ArrayList<>();
        for (ThrProvider provider : ServiceLoader.load(ThrProvider.class)) {
            found.add(Named.of(provider.name(), provider.name()));
        }
        if (found.isEmpty()) {
            found.add(Named.of(NONE, null));
        }
        return found.stream();
    }

    /**
     * A runtime of the named provider, made by {@code Thr.create} on the calling thread.
     *
     * @param provider the provider's name, null when none was found (the test is aborted)
     * @return a new runtime
     */
    static Thr thr(String provider) {
        Assumptions.assumeTrue(provider != null, NONE + ": add a provider (thr-impl-forkjoin) as a"
                + " test dependency of ichannel-bridge");
        String before = System.getProperty("thr.provider");
        System.setProperty("thr.provider", provider);
        try {
            Thr thr = Thr.create(ThrConfig.builder().name("ichannel-test").parallelism(2).build());
            assertEquals(provider, thr.providerName(), "Thr.create chose another provider");
            return thr;
        } finally {
            if (before == null) {
                System.clearProperty("thr.provider");
            } else {
                System.setProperty("thr.provider", before);
            }
        }
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "timed out waiting for " + what);
    }

    /**
     * Waits, yielding, until {@code condition} holds, failing the test after {@link #TIMEOUT}.
     * For states that have no latch to wait on, such as the loop falling asleep.
     */
    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "timed out waiting until " + what);
            Thread.yield();
        }
    }
}
