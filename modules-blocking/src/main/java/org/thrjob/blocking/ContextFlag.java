package org.thrjob.blocking;

/**
 * What {@link CommandContext#contextFlags()} reports about a call, after Redis's
 * {@code RedisModule_GetContextFlags}: a command checks them before it blocks.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum ContextFlag {
    /** The call runs inside MULTI/EXEC ({@code REDISMODULE_CTX_FLAGS_MULTI}): blocking is refused. */
    MULTI,
    /** The call runs from a script ({@code REDISMODULE_CTX_FLAGS_LUA}): blocking is refused. */
    LUA,
    /** The caller denies blocking ({@code REDISMODULE_CTX_FLAGS_DENY_BLOCKING}). */
    DENY_BLOCKING,
    /** The call is a blocked client's reply, timeout or key callback: blocking is refused. */
    BLOCKED_REPLY,
    /** The client speaks RESP3 ({@code REDISMODULE_CTX_FLAGS_RESP3}). */
    RESP3
}
