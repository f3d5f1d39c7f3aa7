package org.thrjob.blocking;

/**
 * How {@code CLIENT UNBLOCK <id> [TIMEOUT|ERROR]} ends a blocked client
 * ({@link CommandDispatcher#clientUnblock}).
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum UnblockMode {
    /** As if the timeout had passed: the timeout callback runs. The default. */
    TIMEOUT,
    /** The client gets {@code -UNBLOCKED client unblocked via CLIENT UNBLOCK}; no callback runs. */
    ERROR
}
