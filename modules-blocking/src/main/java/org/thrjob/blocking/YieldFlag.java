package org.thrjob.blocking;

/**
 * What a busy command lets the server do when it yields ({@code RedisModule_Yield}'s flags), see
 * {@link CommandContext#yield(YieldFlag, String)}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum YieldFlag {
    /**
     * {@code REDISMODULE_YIELD_FLAG_NONE}: serve nothing. Redis processes its own events then and
     * postpones every command until the busy one returns; here the clients' requests wait where
     * they are, which they observe the same way: they run, in order, once it returns.
     */
    NONE,
    /**
     * {@code REDISMODULE_YIELD_FLAG_CLIENTS}: serve the other clients too. Once the busy reply
     * threshold has passed, each of their requests is refused with {@code -BUSY} unless its command
     * is allowed while busy ({@link CommandFlag#ALLOW_BUSY}, and the host's own such commands).
     */
    CLIENTS
}
