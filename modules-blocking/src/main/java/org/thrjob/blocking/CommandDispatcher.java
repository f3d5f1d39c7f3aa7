package org.thrjob.blocking;

import java.util.List;
import java.util.Set;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.MainQueue;
import org.thrjob.api.spi.Checks;
import org.thrjob.blocking.internal.Engine;

/**
 * What the host calls: it connects clients, submits their parsed requests, reports disconnects,
 * signals keys and runs {@code CLIENT UNBLOCK}. The dispatcher runs commands, blocks and unblocks
 * clients and keeps the statistics; it never touches the network.
 *
 * <pre>{@code
 * CommandRegistry registry = new CommandRegistry();
 * registry.loadModules(null);                        // every CommandModule on the path
 * CommandDispatcher dispatcher = new CommandDispatcher(thr.mainQueue(), registry, keySpace);
 * dispatcher.gil().lock();                           // the main thread holds it, except asleep
 * dispatcher.connect(client);
 * dispatcher.submit(client, List.of("HELLO.BLOCK".getBytes()));
 * // event loop: drain thr.mainQueue(); around each sleep gil().unlock() ... gil().lock()
 * }</pre>
 *
 * <p><b>Thread-safety:</b> {@link #signalKeyAsReady}, {@link #gil()}, {@link #observer} and
 * {@link #stats()}, {@link #busyReply()} and the busy reply threshold may be called from any thread; everything else on the main thread of {@code main} only (others throw
 * {@link IllegalStateException} naming both threads). Every main-queue drain must run with the
 * {@link Gil} held. Null arguments are refused with {@link NullPointerException}.
 */
public final class CommandDispatcher {

    private final Engine engine;
    private final CommandRegistry registry;
    private final Gil gil = new Gil();

    /**
     * Creates a dispatcher.
     *
     * @param main     the main queue: callbacks run there; its thread is the main thread
     * @param registry the commands
     * @param keySpace the host's data
     */
    public CommandDispatcher(MainQueue main, CommandRegistry registry, KeySpace keySpace) {
        this.registry = registry;
        this.engine = new Engine(Checks.notNull(main, "main"), Checks.notNull(registry, "registry"),
                Checks.notNull(keySpace, "keySpace"), gil);
    }

    /**
     * The global lock shared with thread-safe contexts.
     *
     * @return the lock
     */
    public Gil gil() {
        return gil;
    }

    /**
     * Connects a client.
     *
     * @param client the client; its id must be unique among connected clients
     * @throws IllegalArgumentException if a client with that id is connected
     */
    public void connect(ClientConnection client) {
        engine.connect(Checks.notNull(client, "client"));
    }

    /**
     * Runs a request: unknown names and wrong arities get Redis's errors. If the client is blocked
     * (or has requests waiting), the request waits and runs, in order, after the reply.
     *
     * @param client the connected client
     * @param args   the request, its command name first; not empty
     * @throws IllegalStateException if the client is not connected
     */
    public void submit(ClientConnection client, List<byte[]> args) {
        submit(client, args, Set.of());
    }

    /**
     * Runs a request with context flags, e.g. {@link ContextFlag#LUA} or
     * {@link ContextFlag#DENY_BLOCKING} for a call from a script.
     *
     * @param client the connected client
     * @param args   the request, its command name first; not empty
     * @param flags  the flags the command sees in {@link CommandContext#contextFlags()}
     * @throws IllegalStateException if the client is not connected
     */
    public void submit(ClientConnection client, List<byte[]> args, Set<ContextFlag> flags) {
        engine.submit(Checks.notNull(client, "client"), Checks.notNull(args, "args"),
                Set.copyOf(flags));
    }

    /**
     * Runs a MULTI/EXEC transaction: an array header, then each command with
     * {@link ContextFlag#MULTI}; a command that tries to block gets Redis's error in its slot.
     *
     * @param client   the connected client
     * @param commands the queued commands
     * @throws IllegalStateException if the client is not connected
     */
    public void exec(ClientConnection client, List<List<byte[]>> commands) {
        engine.exec(Checks.notNull(client, "client"), Checks.notNull(commands, "commands"));
    }

    /**
     * The connection dropped: a blocked client's disconnect callback runs and its privdata is
     * freed (with {@link CommandContext#blockedClientDisconnected()} true); its waiting requests
     * are dropped. Unknown clients are ignored.
     *
     * @param client the client
     */
    public void disconnect(ClientConnection client) {
        engine.disconnect(Checks.notNull(client, "client"));
    }

    /**
     * {@code CLIENT UNBLOCK <id> [TIMEOUT|ERROR]}: only a client blocked with a timeout callback
     * can be unblocked, as in Redis. TIMEOUT runs the timeout callback; ERROR replies
     * {@code -UNBLOCKED client unblocked via CLIENT UNBLOCK}. Either way the privdata is freed.
     *
     * @param clientId the client's id
     * @param mode     how to unblock
     * @return true if the client was unblocked (Redis's {@code :1})
     */
    public boolean clientUnblock(long clientId, UnblockMode mode) {
        return engine.clientUnblock(clientId, Checks.notNull(mode, "mode"));
    }

    /**
     * Signals a key ready, from any thread: clients blocked on it are served on the main thread, in
     * the order they blocked ({@code RedisModule_SignalKeyAsReady}).
     *
     * @param db  the database
     * @param key the key
     */
    public void signalKeyAsReady(int db, byte[] key) {
        engine.signalKeyAsReady(db, Checks.notNull(key, "key"), false);
    }

    /**
     * The host deleted a key: clients that blocked on it with {@code wakeOnDelete} get their
     * key-ready callback, the others stay blocked. Any thread.
     *
     * @param db  the database
     * @param key the key
     */
    public void keyDeleted(int db, byte[] key) {
        engine.signalKeyAsReady(db, Checks.notNull(key, "key"), true);
    }

    /**
     * A thread-safe context bound to no client ({@code RedisModule_GetDetachedThreadSafeContext}):
     * for jobs and timers that use the key space under the GIL; its replies go nowhere.
     *
     * @return a new context
     */
    public ThreadSafeContext detachedThreadSafeContext() {
        return engine.threadSafeContext(null);
    }

    /**
     * A thread-safe context bound to a blocked client, as
     * {@link CommandContext#threadSafeContext(BlockedClient)}. Any thread.
     *
     * @param blocked a client blocked by this dispatcher
     * @return a new context
     * @throws IllegalArgumentException if {@code blocked} was not made by this dispatcher
     */
    public ThreadSafeContext threadSafeContext(BlockedClient<?> blocked) {
        return engine.threadSafeContext(Checks.notNull(blocked, "blocked"));
    }

    /**
     * The statistics. Any thread; the figures are each up to date, not taken atomically together.
     *
     * @return a snapshot
     */
    public BlockingStats stats() {
        return engine.stats();
    }

    /**
     * Sets who is told of each command done with its whole time (the host's slow log), or null
     * for nobody. Any thread (typically before serving); the observer runs on the main thread.
     *
     * @param observer the observer, or null
     */
    public void observer(CallObserver observer) {
        engine.observer(observer);
    }

    /**
     * The host refused a request before running it (NOAUTH, MISCONF...): counts a
     * {@code rejected_calls} of the command, as Redis's {@code rejectCommand}. Main thread.
     *
     * @param name the command's name as sent; an unknown name is ignored
     */
    public void rejected(byte[] name) {
        engine.rejected(Checks.notNull(name, "name"));
    }

    /** {@code CONFIG RESETSTAT}: every command's counters back to zero. Main thread. */
    public void resetStats() {
        engine.resetStats();
    }

    /**
     * The keys of one database that clients are blocked on: what a host scans when it empties
     * (FLUSHDB, FLUSHALL) or swaps (SWAPDB) a whole database, to call {@link #keyDeleted} or
     * {@link #signalKeyAsReady} for those keys only, as Redis scans {@code db->blocking_keys}.
     * Main thread only.
     *
     * @param db the database; any index (one no client waits on gives an empty list)
     * @return a new list of copies of the keys, in no particular order
     */
    public List<byte[]> waitedKeys(int db) {
        engine.checkMain("waitedKeys");
        return engine.waitedKeys(db);
    }

    /**
     * {@code MODULE UNLOAD}: removes a module's commands from the registry, so that they answer
     * as unknown commands and leave {@code COMMAND} and {@code MODULE LIST}. Refused, as Redis
     * refuses, while a client is blocked by one of its commands or one of its timers has not
     * fired. The module's classes stay loaded (the JVM unloads a class only with its class
     * loader), so a module keeps nothing running once its commands are gone. Main thread only.
     *
     * @param module the module's name, as {@link CommandModule#name()}
     * @return empty if unloaded; else the reason, Redis's text after
     *         {@code ERR Error unloading module: } (e.g. {@code no such module with that name})
     */
    public java.util.Optional<String> unloadModule(String module) {
        Checks.notNull(module, "module");
        engine.checkMain("unloadModule");
        if (!registry.modules().contains(module)) {
            return java.util.Optional.of("no such module with that name");
        }
        String refusal = engine.unloadRefusal(module);
        if (refusal != null) {
            return java.util.Optional.of(refusal);
        }
        registry.remove(module);
        return java.util.Optional.empty();
    }

    /**
     * Whether the client's next request would wait rather than run now: it is blocked, or earlier
     * requests of its wait behind a block. A host that refuses requests before submitting them
     * (with {@link #busyReply()}, say) leaves such a client's requests to {@link #submit}, as
     * Redis reads nothing from a blocked client. Main thread only.
     *
     * @param client the client
     * @return true if its requests wait; false for a client not connected
     */
    public boolean mustWait(ClientConnection client) {
        return engine.mustWait(Checks.notNull(client, "client"));
    }

    /**
     * Redis's {@code busy-reply-threshold} (alias {@code lua-time-limit}): how long a command (or a
     * thread-safe context) runs before its {@code yield} starts serving other clients with
     * {@code -BUSY}. Any thread; applies to the contexts made afterwards.
     *
     * @param millis the threshold in milliseconds; 0 serves from the first yield
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public void busyReplyThreshold(long millis) {
        engine.busy().thresholdMillis(millis);
    }

    /**
     * The busy reply threshold in force.
     *
     * @return the threshold in milliseconds (5000 unless set)
     */
    public long busyReplyThreshold() {
        return engine.busy().thresholdMillis();
    }

    /**
     * Sets what a command's {@link CommandContext#yield} runs on the main thread to serve other
     * clients: the host's event loop's {@code processEventsWhileBlocked}, which hands their
     * requests back to the host while the command is still running. The host must then refuse
     * them with {@link #busyReply()} (as {@link #submit} does for module commands). Null (the
     * default) serves nothing. Any thread, typically before serving.
     *
     * @param pump the pump, or null
     */
    public void eventPump(Runnable pump) {
        engine.busy().pump(pump);
    }

    /**
     * The error a client's request gets now, unless its command is allowed while busy: set while a
     * command yields with {@link YieldFlag#CLIENTS} past the threshold (Redis's
     * {@code busy_module_yield_flags}). {@link #submit} refuses module commands itself; a host
     * checks its own commands (PING, ...) with it before running them. Any thread.
     *
     * @return the error without its dash ({@code BUSY ...}), or null when the server is not busy
     */
    public String busyReply() {
        return engine.busy().busyReply();
    }

    /**
     * How many keys have clients blocked on them; 0 once every such client is gone.
     *
     * @return the number of keys waited on
     */
    public int keysWaitedOn() {
        return engine.waitingOnKeys();
    }
}
