package org.thrjob.threads;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;

/** Helpers shared by this module's tests. */
final class ThreadsTesting {

    /** The bound on every wait: a test that needs longer is hung, not slow. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private ThreadsTesting() {
    }

    /** A configuration with a unique name, 2 workers and a silent failure handler. */
    static ThrConfig.Builder config() {
        return ThrConfig.builder().name("tht" + RUNTIMES.incrementAndGet()).parallelism(2)
                .failureHandler((job, where, failure) -> { });
    }

    static Thr create(ThrConfig config) {
        return new ThreadsThrProvider().create(config);
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                "timed out waiting for " + what + " (" + latch.getCount() + " left)");
    }

    /** Whether a live thread's name starts with {@code prefix}. */
    static boolean threadAlive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
    }
}
