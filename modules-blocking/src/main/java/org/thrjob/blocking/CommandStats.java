package org.thrjob.blocking;

/**
 * Per-command figures, as {@code INFO commandstats} shows them.
 *
 * <p><b>Thread-safety:</b> immutable snapshot.
 *
 * @param calls       calls that ran (arity errors and unknown names are not calls)
 * @param failedCalls calls that replied an error or threw
 * @param usec        microseconds spent: the call, its blocked client's callbacks and the
 *                    background time measured with {@code measureTimeStart/End}
 */
public record CommandStats(long calls, long failedCalls, long usec) {
}
