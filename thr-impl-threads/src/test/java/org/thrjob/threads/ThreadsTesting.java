package org.thrjob.threads;

import java.util.concurrent.atomic.AtomicInteger;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;

/** Helpers shared by this module's tests. */
final class ThreadsTesting {

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

    /** Whether a live thread's name starts with {@code prefix}. */
    static boolean threadAlive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
    }
}
