/**
 * thrjob's {@code forkjoin} provider: the thrjob API on a {@link java.util.concurrent.ForkJoinPool}
 * of its own per runtime.
 *
 * <p>The module exports nothing: applications reach it only through
 * {@link org.thrjob.api.Thr#create()}, which finds it with {@link java.util.ServiceLoader}. Select
 * it explicitly with {@code -Dthr.provider=forkjoin} (or {@code THR_PROVIDER=forkjoin}); without a
 * switch it is chosen when no provider of higher priority is on the path.
 *
 * @provides org.thrjob.api.spi.ThrProvider the {@code forkjoin} provider, priority 100
 */
module org.thrjob.forkjoin {
    requires org.thrjob.api;
    requires org.slf4j;
    requires static com.google.auto.service;

    provides org.thrjob.api.spi.ThrProvider with org.thrjob.forkjoin.ForkJoinThrProvider;
}
