package org.thrjob.forkjoin;

import java.util.concurrent.atomic.AtomicInteger;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;

/** Helpers shared by this module's tests. */
final class ForkJoinTesting {

    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private ForkJoinTesting() {
    }

    /** A configuration with a unique name, 2 workers and a silent failure handler. */
    static ThrConfig.Builder config() {
        return ThrConfig.builder().name("fjt" + RUNTIMES.incrementAndGet()).parallelism(2)
                .failureHandler((job, where, failure) -> { });
    }

    static Thr create(ThrConfig config) {
        return new ForkJoinThrProvider().create(config);
    }
}
