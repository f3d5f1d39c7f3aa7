package org.thrjob.blocking;

import java.util.Map;

/**
 * Blocked-client figures, as {@code INFO clients} and {@code INFO stats} show them, and the
 * per-command figures.
 *
 * <p><b>Thread-safety:</b> immutable snapshot.
 *
 * @param blockedNow   clients blocked right now ({@code blocked_clients})
 * @param totalBlocked clients blocked since start
 * @param timeouts     blocked clients that timed out (including {@code CLIENT UNBLOCK TIMEOUT})
 * @param aborts       blocked clients aborted, including blocks refused where not allowed
 *                     ({@code CLIENT UNBLOCK ERROR} counts in neither figure)
 * @param commands     per lower-case command name (unmodifiable)
 */
public record BlockingStats(long blockedNow, long totalBlocked, long timeouts, long aborts,
        Map<String, CommandStats> commands) {

    /**
     * Copies the map.
     *
     * @param blockedNow   clients blocked right now
     * @param totalBlocked clients blocked since start
     * @param timeouts     blocked clients that timed out
     * @param aborts       blocked clients aborted
     * @param commands     per command
     * @throws NullPointerException if {@code commands} is null
     */
    public BlockingStats {
        commands = Map.copyOf(commands);
    }
}
