package org.thrjob.threads;

import com.google.auto.service.AutoService;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.spi.Checks;
import org.thrjob.api.spi.ThrProvider;
import org.thrjob.threads.internal.ThreadsThr;

/**
 * The {@code threads} provider: each runtime it creates runs on {@link ThrConfig#parallelism()}
 * worker threads of its own, each owning a bounded work-stealing deque of
 * {@link ThrConfig#dequeCapacity()} jobs.
 *
 * <p>Found by {@link java.util.ServiceLoader}, never named by applications: the module declares
 * {@code provides org.thrjob.api.spi.ThrProvider with} this class, and {@code @AutoService} writes
 * the {@code META-INF/services} entry for the class path.
 *
 * <p><b>Thread-safety:</b> stateless; every method may be called from any thread. Instantiating it
 * starts nothing: threads start with the runtime that {@link #create} returns.
 *
 * <p><b>Null:</b> {@link #create(ThrConfig)} throws {@link NullPointerException} for a null
 * configuration.
 */
@AutoService(ThrProvider.class)
public final class ThreadsThrProvider implements ThrProvider {

    /** The name that {@code -Dthr.provider} selects. */
    public static final String NAME = "threads";

    /** The priority: above the {@code forkjoin} provider (100). */
    public static final int PRIORITY = 200;

    /** Creates the provider; {@link java.util.ServiceLoader} calls it on every lookup. */
    public ThreadsThrProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code "threads"}
     */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * @return 200
     */
    @Override
    public int priority() {
        return PRIORITY;
    }

    /**
     * Creates a runtime and starts its core workers, which park until work arrives.
     *
     * @param config the configuration; not null
     * @return a new runtime
     * @throws NullPointerException     if {@code config} is null
     * @throws IllegalArgumentException if {@code config.dequeCapacity()} is more than 2^29, the
     *                                  most a worker's deque array can hold
     */
    @Override
    public Thr create(ThrConfig config) {
        return ThreadsThr.create(Checks.notNull(config, "config"));
    }

    @Override
    public String toString() {
        return "ThreadsThrProvider[name=" + NAME + ", priority=" + PRIORITY + "]";
    }
}
