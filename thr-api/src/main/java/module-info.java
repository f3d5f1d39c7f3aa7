/**
 * thrjob's API: jobs, queues, the main queue, syns, blocked clients, stats, and the lookup of a
 * provider through {@link java.util.ServiceLoader}.
 *
 * <p>This module depends on the JDK only. Applications {@code requires org.thrjob.api}; a provider
 * module {@code provides org.thrjob.api.spi.ThrProvider} and exports nothing. See
 * {@link org.thrjob.api} for the tour and {@code docs/SPEC.md} for the numbered rules.
 *
 * @uses org.thrjob.api.spi.ThrProvider
 */
module org.thrjob.api {
    exports org.thrjob.api;
    exports org.thrjob.api.spi;

    uses org.thrjob.api.spi.ThrProvider;
}
