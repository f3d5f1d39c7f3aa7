/**
 * A Redis-compatible server assembled from thrjob's parts: the project's main job.
 *
 * <p><b>How a request flows.</b> ichannel's {@code EventLoop} reads a request on the main thread
 * and hands it to {@link org.thrjob.server.RedisServer}'s handler with a {@code Slot}. The few
 * commands that act on the connection itself (AUTH, HELLO, QUIT, MULTI, EXEC, DISCARD) are
 * answered there; the rest go to modules-blocking's {@code CommandDispatcher}, holding its GIL.
 * The dispatcher streams the reply to the client's {@code ClientConnection} as calls
 * ({@code array(2)}, {@code bulk(..)}, ...); the server's {@code Client} assembles them into one
 * ichannel {@code Reply} and answers the oldest slot it holds for that client. That is the whole
 * adapter between the two reply models: the dispatcher runs a client's requests in order and
 * holds back those that follow a blocked one, so the n-th complete reply is the n-th slot's.
 *
 * <p><b>Blocking on keys.</b> BLPOP/BRPOP try to pop; with nothing to pop they block through
 * {@code blockClientOnKeys}; LPUSH/RPUSH signal their key, and the dispatcher serves the blocked
 * clients in the order they blocked, from main-queue jobs that run under the GIL too (the
 * dispatcher is given a view of the main queue that takes it).
 *
 * <p><b>Persistence.</b> Write commands append themselves to the append-only file's buffer. The
 * replies of a turn are held and released by one main-queue job that first writes the buffer (and
 * fsyncs it with {@code appendfsync always}), because the loop writes replies right after reading;
 * with {@code everysec} the fsync goes to bio, one in flight at most, the write postponed up to
 * 2 s while one is in flight, as Redis's {@code flushAppendOnlyFile} does. Big values deleted by
 * UNLINK or FLUSHALL/FLUSHDB ASYNC go to bio's lazy-free worker.
 *
 * <p><b>Deploy time.</b> {@link org.thrjob.server.Main} reads options (flags or a Redis-style
 * file, {@link org.thrjob.server.ServerConfig}), creates the runtime with {@code Thr.create()}
 * (the provider by name with {@code --provider} or {@code -Dthr.provider}, never required by this
 * module) and loads every {@code CommandModule} that ServiceLoader finds on the module path.
 */
package org.thrjob.server;
