package org.thrjob.blocking;

import java.util.List;

/**
 * The reply callback of a client blocked on keys ({@link CommandContext#blockClientOnKeys}): called
 * on the main thread each time one of its keys is signalled ready (or deleted, if asked), with
 * {@link CommandContext#readyKey()} set. As in Redis it returns whether it served the client: the
 * replies it made are sent and the client is unblocked; otherwise its replies are dropped and the
 * client stays blocked until the next signal.
 *
 * <p><b>Thread-safety:</b> called on the main thread only.
 */
@FunctionalInterface
public interface KeyReadyCallback {

    /**
     * Tries to serve the client.
     *
     * @param ctx  the context, with the ready key and the privdata (never null)
     * @param args the arguments of the command that blocked (never null)
     * @return true to accept (client served, unblocked), false to decline (stays blocked)
     * @throws Exception anything; it is logged and counts as a decline
     */
    boolean serve(CommandContext ctx, List<byte[]> args) throws Exception;
}
