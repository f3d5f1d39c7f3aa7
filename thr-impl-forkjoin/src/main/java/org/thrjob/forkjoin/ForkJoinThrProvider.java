package org.thrjob.forkjoin;

import com.google.auto.service.AutoService;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.spi.Checks;
import org.thrjob.api.spi.ThrProvider;
import org.thrjob.forkjoin.internal.ForkJoinThr;

/**
 * The {@code forkjoin} provider: each runtime it creates runs on a {@link
 * java.util.concurrent.ForkJoinPool} of its own, sized by {@link ThrConfig#parallelism()}.
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
public final class ForkJoinThrProvider implements ThrProvider {

    /** The name that {@code -Dthr.provider} selects. */
    public static final String NAME = "forkjoin";

    /** The priority: below the {@code threads} provider (200), above nothing. */
    public static final int PRIORITY = 100;

    /** Creates the provider; {@link java.util.ServiceLoader} calls it on every lookup. */
    public ForkJoinThrProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code "forkjoin"}
     */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * @return 100
     */
    @Override
    public int priority() {
        return PRIORITY;
    }

    /**
     * Creates a runtime on a new {@link java.util.concurrent.ForkJoinPool}; its workers start
     * lazily, as jobs arrive.
     *
     * @param config the configuration; not null
     * @return a new runtime
     * @throws NullPointerException if {@code config} is null
     */
    @Override
    public Thr create(ThrConfig config) {
        return ForkJoinThr.create(Checks.notNull(config, "config"));
    }

    @Override
    public String toString() {
        return "ForkJoinThrProvider[name=" + NAME + ", priority=" + PRIORITY + "]";
    }
}
