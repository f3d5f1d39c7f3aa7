/**
 * thrjob modules-blocking: command modules and blocking commands in the style of Redis's module
 * API ({@code RedisModule_BlockClient} and friends).
 *
 * <p>A third-party author writes a {@link org.thrjob.blocking.CommandModule}, declares it with
 * {@code provides org.thrjob.blocking.CommandModule with ...} and the host finds it through
 * {@link java.util.ServiceLoader}. The module knows no network: the host plugs its transport in
 * through {@link org.thrjob.blocking.ClientConnection} and its data through
 * {@link org.thrjob.blocking.KeySpace}. See {@link org.thrjob.blocking} for the tour.
 */
module org.thrjob.blocking {
    requires transitive org.thrjob.api;
    requires org.slf4j;

    exports org.thrjob.blocking;

    uses org.thrjob.blocking.CommandModule;
}
