package org.thrjob.api.spi;

import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;

/**
 * A thrjob implementation, found through {@link java.util.ServiceLoader}.
 *
 * <p>A provider module exports nothing and declares
 * {@code provides org.thrjob.api.spi.ThrProvider with ...}; it also lists itself in
 * {@code META-INF/services/org.thrjob.api.spi.ThrProvider} (for example with {@code @AutoService})
 * so the class path works the same. It must have a public no-argument constructor or a public
 * static {@code provider()} method, as {@code ServiceLoader} requires. A provider proves itself
 * by passing the TCK ({@code org.thrjob:thr-tck}); see {@code docs/SPEC.md}.
 *
 * <p><b>Who calls it:</b> {@link Thr#create(ThrConfig)}, on the application's thread, once per
 * lookup: {@link #name()} and {@link #priority()} for every provider found, then {@link #create}
 * on the one chosen. Implementations must be thread-safe and cheap to instantiate: they are
 * instantiated on every lookup, chosen or not, so the constructor must start no thread.
 */
public interface ThrProvider {

    /**
     * The name that {@code -Dthr.provider} and {@code THR_PROVIDER} select, e.g. {@code "forkjoin"}.
     * Lowercase letters, digits and dashes; unique among the providers on the path.
     *
     * @return the name, never null
     */
    String name();

    /**
     * The preference when nothing names a provider: the highest priority wins; a tie at the top is
     * an error. thrjob's own providers use 100 (forkjoin) and 200 (threads).
     *
     * @return the priority
     */
    int priority();

    /**
     * Creates a runtime. Starts its threads (possibly lazily) and returns it.
     *
     * @param config the validated configuration; never null
     * @return a new runtime, never null
     */
    Thr create(ThrConfig config);
}
