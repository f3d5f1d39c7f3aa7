/**
 * thrjob's {@code threads} provider: the thrjob API on workers of its own, each owning a bounded
 * Chase–Lev work-stealing deque, with a lock-free injection queue and spin-then-park idling.
 *
 * <p>The module exports nothing: applications reach it only through
 * {@link org.thrjob.api.Thr#create()}, which finds it with {@link java.util.ServiceLoader}. It has
 * the highest priority of the providers shipped with thrjob, so it is chosen when on the path with
 * no switch; select it explicitly with {@code -Dthr.provider=threads} (or
 * {@code THR_PROVIDER=threads}).
 *
 * @provides org.thrjob.api.spi.ThrProvider the {@code threads} provider, priority 200
 */
module org.thrjob.threads {
    requires org.thrjob.api;
    requires org.slf4j;
    requires static com.google.auto.service;

    provides org.thrjob.api.spi.ThrProvider with org.thrjob.threads.ThreadsThrProvider;
}
