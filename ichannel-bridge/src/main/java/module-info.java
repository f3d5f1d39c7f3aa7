/**
 * thrjob ichannel: the main thread's event loop, RESP channels over TCP, and the bridge through
 * which any job replies to a request.
 *
 * <p>All channel I/O happens on the main thread, in a {@link java.nio.channels.Selector} loop that
 * also drains the runtime's main queue. The module knows nothing of commands: it hands each request
 * to a {@link org.thrjob.ichannel.RequestHandler} and carries back the reply given to its slot.
 * It is built on {@code org.thrjob.api} alone and finds no provider itself: it is handed a
 * {@link org.thrjob.api.Thr}. See {@link org.thrjob.ichannel} for the tour.
 */
module org.thrjob.ichannel {
    requires transitive org.thrjob.api;
    requires org.slf4j;

    exports org.thrjob.ichannel;
}
