/**
 * thrjob bio: Redis's background I/O workers ({@code bio.c}) on dedicated thr queues.
 *
 * <p>Slow system calls (an fsync, the close of a large file, freeing a huge structure) leave the
 * caller's thread; each {@linkplain org.thrjob.bio.BioKind kind} of job runs in order on a thread
 * of its own. The module is built on {@code org.thrjob.api} alone and finds no provider itself: it
 * is handed a {@link org.thrjob.api.Thr}. See {@link org.thrjob.bio} for the tour.
 */
module org.thrjob.bio {
    requires transitive org.thrjob.api;
    requires org.slf4j;

    exports org.thrjob.bio;
}
