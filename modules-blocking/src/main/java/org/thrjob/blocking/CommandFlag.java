package org.thrjob.blocking;

/**
 * Flags of a registered command, after the strflags of {@code RedisModule_CreateCommand}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum CommandFlag {
    /** {@code write}: the command may modify the key space. */
    WRITE,
    /** {@code readonly}: the command only reads the key space. */
    READONLY,
    /** {@code fast}: O(1) or O(log N), never delays the main thread. */
    FAST,
    /** {@code may-block}: the command may block its client (informative, as in Redis). */
    MAY_BLOCK,
    /** {@code allow-busy}: allowed while a script or module holds the server busy. */
    ALLOW_BUSY,
    /** {@code admin}: an administrative command. */
    ADMIN,
    /** {@code no-multi}: refused inside MULTI/EXEC. */
    NO_MULTI
}
