package org.thrjob.blocking;

import java.util.List;

/**
 * Told when a client's command is done, with the whole time it took, as Redis's {@code call()}
 * hands it to the slow log: for a command that blocked its client, once the client is unblocked,
 * with the call, the callbacks and the background time measured with
 * {@code measureTimeStart/End} added up (Redis's {@code updateStatsOnUnblock}). Commands a module
 * runs with {@link CommandContext#call} are not reported on their own: their time is part of the
 * calling command's.
 *
 * <p><b>Thread-safety:</b> called on the main thread only, with the GIL held. It must not throw;
 * what it throws is logged and dropped.
 */
@FunctionalInterface
public interface CallObserver {

    /**
     * A command is done.
     *
     * @param client the client that sent it (never null)
     * @param spec   the command (never null)
     * @param args   the request, its name first (never null; do not change it)
     * @param nanos  the time it took, in nanoseconds
     */
    void commandDone(ClientConnection client, CommandSpec spec, List<byte[]> args, long nanos);
}
