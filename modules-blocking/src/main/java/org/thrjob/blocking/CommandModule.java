package org.thrjob.blocking;

/**
 * A command module: Redis's {@code RedisModule_OnLoad}. The host finds modules through
 * {@link java.util.ServiceLoader} ({@link CommandRegistry#loadModules(ClassLoader)}); an author
 * declares one with {@code provides org.thrjob.blocking.CommandModule with my.Module;} in the
 * module-info (and a {@code META-INF/services} file for the class path).
 *
 * <p><b>Thread-safety:</b> {@link #register} is called once, on the loading thread, before any
 * command runs. An implementation needs a public no-argument constructor (or a public static
 * {@code provider()} method), as {@link java.util.ServiceLoader} requires.
 */
public interface CommandModule {

    /**
     * The module's name ({@code MODULE LIST}), used in error messages.
     *
     * @return a non-blank name
     */
    String name();

    /**
     * Registers the module's commands ({@code RedisModule_CreateCommand}).
     *
     * @param registry where to register; valid during this call only, except its
     *                 {@link CommandRegistry#runtime()}, which the module may keep for its jobs
     */
    void register(CommandRegistry registry);
}
