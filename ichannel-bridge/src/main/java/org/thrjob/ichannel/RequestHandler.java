package org.thrjob.ichannel;

import java.util.List;

/**
 * What the event loop does with each request: the host's command table lives behind it.
 *
 * <p><b>Thread-safety:</b> called on the main thread only, one request at a time, in the order the
 * requests of a connection arrived. It must not block: slow work goes to a job, which replies to
 * the slot later from its own thread. A handler that cannot help running long (Redis's busy
 * script or module command) may call {@link EventLoop#processEventsWhileBlocked()} now and then:
 * the handler is then called again, from inside that call, for other connections' requests (never
 * for this connection's, which wait), so "one at a time" holds per connection only then.
 *
 * <p>A handler that throws gets its slot answered with an error reply (if it had not answered it)
 * and the failure logged; the connection and the loop go on.
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * Handles one request.
     *
     * @param connection the connection it came from; use it on the main thread only
     * @param args       the request's arguments, at least one, in an unmodifiable list; the list
     *                   and its arrays belong to the handler from now on (the loop keeps no
     *                   reference)
     * @param slot       where the reply goes; reply to it exactly once, from any thread, now or later
     * @throws Exception anything; see the class comment
     */
    void onRequest(Connection connection, List<byte[]> args, Slot slot) throws Exception;
}
