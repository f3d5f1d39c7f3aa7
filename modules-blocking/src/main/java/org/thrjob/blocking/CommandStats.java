package org.thrjob.blocking;

/**
 * Per-command figures, as {@code INFO commandstats} shows them.
 *
 * <p><b>Thread-safety:</b> immutable snapshot.
 *
 * @param calls         calls that ran (arity errors and unknown names are not calls)
 * @param failedCalls   calls that ran and replied an error or threw ({@code failed_calls})
 * @param usec          microseconds spent: the call, its blocked client's callbacks and the
 *                      background time measured with {@code measureTimeStart/End}
 * @param rejectedCalls calls refused before running: wrong arity, not allowed in MULTI, or
 *                      refused by the host ({@link CommandDispatcher#rejected}: NOAUTH,
 *                      MISCONF...) ({@code rejected_calls})
 */
public record CommandStats(long calls, long failedCalls, long usec, long rejectedCalls) {

    /**
     * Figures without rejected calls.
     *
     * @param calls       calls that ran
     * @param failedCalls calls that replied an error
     * @param usec        microseconds spent
     */
    public CommandStats(long calls, long failedCalls, long usec) {
        this(calls, failedCalls, usec, 0);
    }
}
