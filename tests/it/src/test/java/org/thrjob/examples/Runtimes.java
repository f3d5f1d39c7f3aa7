package org.thrjob.examples;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;

/** The runtimes the pattern tests use: found by the provider lookup, as an application would. */
final class Runtimes {

    /** The bound on every wait of these tests: a test that needs longer is hung, not slow. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Four workers, more than this machine may have cores, so that jobs really interleave. */
    static final int PARALLELISM = 4;

    private static final AtomicInteger COUNT = new AtomicInteger();

    private Runtimes() {
    }

    /**
     * A runtime of {@link #PARALLELISM} workers from the provider that {@link Thr#create} finds on
     * the class path (through {@code META-INF/services}). The calling thread becomes its main
     * thread. The caller closes it.
     */
    static Thr create() {
        return Thr.create(ThrConfig.builder()
                .name("it" + COUNT.incrementAndGet())
                .parallelism(PARALLELISM)
                .build());
    }
}
