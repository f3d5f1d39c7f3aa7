package org.thrjob.blocking.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.Job;
import org.thrjob.api.MainQueue;
import org.thrjob.api.Mailbox;
import org.thrjob.api.ScheduledJob;
import org.thrjob.blocking.BlockingStats;
import org.thrjob.blocking.CallObserver;
import org.thrjob.blocking.CallReply;
import org.thrjob.blocking.ClientConnection;
import org.thrjob.blocking.Command;
import org.thrjob.blocking.CommandFlag;
import org.thrjob.blocking.CommandRegistry;
import org.thrjob.blocking.CommandSpec;
import org.thrjob.blocking.CommandStats;
import org.thrjob.blocking.ContextFlag;
import org.thrjob.blocking.Gil;
import org.thrjob.blocking.KeyReadyCallback;
import org.thrjob.blocking.KeySpace;
import org.thrjob.blocking.PrivdataFree;
import org.thrjob.blocking.ThreadSafeContext;
import org.thrjob.blocking.UnblockMode;

/**
 * The dispatcher's state and algorithms. Everything here runs on the main thread, except
 * {@link #post}, {@link #freeLate} and {@link #signalKeyAsReady} which any thread may call.
 */
public final class Engine {

    private static final Logger LOG = LoggerFactory.getLogger("org.thrjob.blocking");
    /** Unblocked clients handled per main-queue job, so that other main jobs interleave. */
    private static final int UNBLOCKED_BATCH = 256;
    private static final Set<ContextFlag> CALLBACK_RESP2 = Collections.unmodifiableSet(
            EnumSet.of(ContextFlag.BLOCKED_REPLY));
    private static final Set<ContextFlag> DENY_BLOCKING = Collections.unmodifiableSet(
            EnumSet.of(ContextFlag.DENY_BLOCKING));
    private static final Set<ContextFlag> CALLBACK_RESP3 = Collections.unmodifiableSet(
            EnumSet.of(ContextFlag.BLOCKED_REPLY, ContextFlag.RESP3));
    static final String UNBLOCKED_ERROR = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    /** A key of one database, with value semantics for the byte array. */
    record KeyRef(int db, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof KeyRef k && k.db == db && Arrays.equals(k.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * db + Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return db + ":" + new String(key, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Per-command counters; written on the main thread only. */
    static final class Counters {
        volatile long calls;
        volatile long failed;
        volatile long rejected;
        volatile long nanos;
    }

    final MainQueue main;
    final CommandRegistry registry;
    final KeySpace keySpace;
    final Gil gil;
    /** RM_Yield's busy state and the busy reply threshold. */
    final BusyYield busy;
    private final Map<Long, ClientState> clients = new HashMap<>();
    /** Main thread only: the client of the last lookup, as pipelined requests come in runs. */
    private ClientState lastClient;
    private final Map<KeyRef, LinkedHashSet<BlockedHandle<?>>> waiters = new HashMap<>();
    /** Keys signalled since the last pass; true when only a deletion signalled the key. */
    private final LinkedHashMap<KeyRef, Boolean> readyKeys = new LinkedHashMap<>();
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    /** Main thread only: the counters of each spec, found by identity on the hot path. */
    private final Map<CommandSpec, Counters> countersBySpec = new java.util.IdentityHashMap<>();
    private volatile long blockedNow;
    private volatile long totalBlocked;
    private volatile long timeouts;
    private volatile long aborts;
    private int depth;
    private boolean servingKeys;
    private final Mailbox<BlockedHandle<?>> unblocked;
    private volatile CallObserver observer;

    /**
     * Creates the engine.
     *
     * @param main     the main queue
     * @param registry the commands
     * @param keySpace the host's data
     * @param gil      the global lock
     */
    public Engine(MainQueue main, CommandRegistry registry, KeySpace keySpace, Gil gil) {
        this.main = main;
        this.registry = registry;
        this.keySpace = keySpace;
        this.gil = gil;
        this.busy = new BusyYield(main, gil);
        this.unblocked = Mailbox.create(main, UNBLOCKED_BATCH, this::finishAll);
    }

    // ------------------------------------------------------------------ host entry points

    /**
     * Throws unless called on the main thread.
     *
     * @param what the operation, for the message
     */
    public void checkMain(String what) {
        if (main.thread() != Thread.currentThread()) {
            throw new IllegalStateException(what + " must be called on the main thread '"
                    + main.thread().getName() + "', not on '" + Thread.currentThread().getName()
                    + "': post it to the main queue");
        }
    }

    /**
     * The main thread (of the main queue).
     *
     * @return the thread, or null before one is bound
     */
    Thread mainThread() {
        return main.thread();
    }

    /**
     * RM_Yield's busy state and threshold.
     *
     * @return the busy state
     */
    public BusyYield busy() {
        return busy;
    }

    /**
     * Whether a request of this client would wait (it is blocked, or requests wait before it).
     *
     * @param conn the client
     * @return true if it would wait; false for an unknown client
     */
    public boolean mustWait(ClientConnection conn) {
        checkMain("mustWait");
        ClientState c = clients.get(conn.id());
        return c != null && c.conn == conn && c.mustWait();
    }

    /**
     * Connects a client.
     *
     * @param conn the client
     */
    public void connect(ClientConnection conn) {
        checkMain("connect");
        ClientState earlier = clients.putIfAbsent(conn.id(), new ClientState(conn));
        if (earlier != null) {
            throw new IllegalArgumentException("client id " + conn.id() + " is already connected;"
                    + " give each connection a unique id");
        }
    }

    private ClientState client(ClientConnection conn) {
        ClientState last = lastClient;
        if (last != null && last.conn == conn) {
            return last; // a pipeline's next request: no map lookup
        }
        ClientState c = clients.get(conn.id());
        if (c == null || c.conn != conn) {
            throw new IllegalStateException("client " + conn.id() + " is not connected: call"
                    + " connect(client) first (or it was disconnected)");
        }
        lastClient = c;
        return c;
    }

    /**
     * Runs or queues a request.
     *
     * @param conn  the client
     * @param args  the request
     * @param flags the context flags
     */
    public void submit(ClientConnection conn, List<byte[]> args, Set<ContextFlag> flags) {
        checkMain("submit");
        if (args.isEmpty()) {
            throw new IllegalArgumentException("args must hold at least the command name but was empty");
        }
        ClientState c = client(conn);
        List<byte[]> copy = List.copyOf(args);
        if (!c.mustWait()) {
            if (busy.busyReply() != null && refusedWhileBusy(c, copy)) {
                return;
            }
            call(c, copy, flags); // the common case: no request record
            if (depth == 0) {
                serveReadyKeys(); // else the busy command's own submit serves them when it returns
            }
            return;
        }
        run(c, new ClientState.Pending(List.of(copy), flags, false));
    }

    /**
     * Runs or queues a transaction.
     *
     * @param conn     the client
     * @param commands the queued commands
     */
    public void exec(ClientConnection conn, List<List<byte[]>> commands) {
        checkMain("exec");
        ClientState c = client(conn);
        List<List<byte[]>> copy = new ArrayList<>();
        for (List<byte[]> args : commands) {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("each queued command needs at least its name");
            }
            copy.add(List.copyOf(args));
        }
        run(c, new ClientState.Pending(copy, EnumSet.of(ContextFlag.MULTI), true));
    }

    /**
     * Redis's check in {@code processCommand} while a module yields with clients served: a known
     * command with the right arity that is not {@link CommandFlag#ALLOW_BUSY} is refused with the
     * busy reply, counted as a rejected call (unknown names and wrong arities get their own errors).
     */
    private boolean refusedWhileBusy(ClientState c, List<byte[]> args) {
        String refusal = busy.busyReply();
        CommandSpec spec = registry.lookup(args.get(0)).orElse(null);
        if (refusal == null || spec == null || !spec.acceptsArgc(args.size())
                || spec.flags().contains(CommandFlag.ALLOW_BUSY)) {
            return false;
        }
        counters(spec).rejected++;
        c.conn.error(refusal);
        return true;
    }

    private void run(ClientState c, ClientState.Pending request) {
        if (c.mustWait()) {
            if (c.pending == null) {
                c.pending = new ArrayDeque<>();
            }
            c.pending.add(request); // pipelined behind a blocked client: runs after its reply
            return;
        }
        execute(c, request);
        serveReadyKeys();
    }

    private void execute(ClientState c, ClientState.Pending request) {
        if (request.transaction()) {
            c.conn.array(request.commands().size());
        }
        for (List<byte[]> args : request.commands()) {
            call(c, args, request.flags());
        }
    }

    private void call(ClientState c, List<byte[]> args, Set<ContextFlag> flags) {
        CommandSpec spec = registry.lookup(args.get(0)).orElse(null);
        if (spec == null) {
            c.conn.error(CommandRegistry.unknownCommandError(args));
            return;
        }
        if (!spec.acceptsArgc(args.size())) {
            counters(spec).rejected++;
            c.conn.error(CommandRegistry.wrongArityError(spec.name()));
            return;
        }
        if (flags.contains(ContextFlag.MULTI) && spec.flags().contains(CommandFlag.NO_MULTI)) {
            counters(spec).rejected++;
            c.conn.error("ERR Command not allowed inside a transaction");
            return;
        }
        Set<ContextFlag> all = flags;
        if (c.conn.respVersion() >= 3) {
            EnumSet<ContextFlag> resp3 = EnumSet.of(ContextFlag.RESP3);
            resp3.addAll(flags);
            all = Collections.unmodifiableSet(resp3);
        }
        CallContext ctx = new CallContext(this, c, spec, args, all, CallContext.Kind.CALL, null, null);
        long start = System.nanoTime();
        ctx.startNanos = start;
        depth++;
        try {
            spec.command().call(ctx, args);
        } catch (Exception | LinkageError e) {
            LOG.warn("command '{}' of module '{}' threw", spec.name(), spec.module(), e);
            ctx.replyError("ERR " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            depth--;
            ctx.invalidate();
            long nanos = System.nanoTime() - start;
            account(spec, ctx.errored, nanos, true);
            BlockedHandle<?> h = ctx.blockedHandle;
            if (h != null && c.blocked == h) {
                h.callNanos = nanos; // reported with the rest once unblocked (updateStatsOnUnblock)
            } else {
                observe(c, spec, args, nanos);
            }
        }
    }

    private void observe(ClientState c, CommandSpec spec, List<byte[]> args, long nanos) {
        CallObserver o = observer;
        if (o == null || c.conn instanceof ModuleCaller) {
            return;
        }
        try {
            o.commandDone(c.conn, spec, args, nanos);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("the call observer threw on '{}'", spec.name(), e);
        }
    }

    /**
     * Sets who is told of each command done (the host's slow log), or null for nobody.
     *
     * @param o the observer
     */
    public void observer(CallObserver o) {
        observer = o; // any thread: a host sets it before serving, maybe before its loop runs
    }

    /**
     * The host refused a command before running it (NOAUTH, MISCONF...): counts a rejected call.
     *
     * @param name the command's name as sent; an unknown name is not counted
     */
    public void rejected(byte[] name) {
        checkMain("rejected");
        registry.lookup(name).ifPresent(spec -> counters(spec).rejected++);
    }

    /** CONFIG RESETSTAT: every command counter back to zero. */
    public void resetStats() {
        checkMain("resetStats");
        for (Counters k : counters.values()) {
            k.calls = 0;
            k.failed = 0;
            k.rejected = 0;
            k.nanos = 0;
        }
    }

    private Counters counters(CommandSpec spec) {
        Counters k = countersBySpec.get(spec); // main thread: identity hash, no String hash
        if (k == null) {
            k = counters.computeIfAbsent(spec.name(), n -> new Counters());
            countersBySpec.put(spec, k);
        }
        return k;
    }

    /**
     * Runs a command for a module ({@code RedisModule_Call}) with the GIL held: on the main
     * thread inside a command or callback, or on a job's thread that took the lock. The command
     * sees {@link ContextFlag#DENY_BLOCKING} (a blocking command does not block: it answers as on
     * its timeout) and speaks RESP2; its reply is collected, not sent.
     *
     * @param caller the calling client, or null for a detached context
     * @param db     the database
     * @param args   the command, its name first
     * @return the reply
     */
    CallReply moduleCall(ClientState caller, int db, List<byte[]> args) {
        if (!gil.isHeldByCurrentThread()) {
            throw new IllegalStateException("calling a command needs the GIL: on thread '"
                    + Thread.currentThread().getName() + "' call lock() on the thread-safe context"
                    + " first, and unlock() after");
        }
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a call needs at least the command name");
        }
        List<byte[]> copy = List.copyOf(args);
        ModuleCaller conn = new ModuleCaller(caller == null ? -1 : caller.conn.id(), db);
        CommandSpec spec = registry.lookup(copy.get(0)).orElse(null);
        if (spec == null) {
            return CallReply.rejected(CommandRegistry.unknownCommandError(copy));
        }
        if (!spec.acceptsArgc(copy.size())) {
            counters(spec).rejected++;
            return CallReply.rejected(CommandRegistry.wrongArityError(spec.name()));
        }
        ClientState fake = new ClientState(conn);
        CallContext ctx = new CallContext(this, fake, spec, copy, DENY_BLOCKING, CallContext.Kind.CALL, null, null);
        long start = System.nanoTime();
        ctx.startNanos = start;
        depth++;
        try {
            spec.command().call(ctx, copy);
        } catch (Exception | LinkageError e) {
            LOG.warn("command '{}' called by a module threw", spec.name(), e);
            ctx.replyError("ERR " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            depth--;
            ctx.invalidate();
            account(spec, ctx.errored, System.nanoTime() - start, true);
        }
        return conn.reply();
    }

    private void account(CommandSpec spec, boolean failed, long nanos, boolean isCall) {
        Counters k = counters(spec);
        if (isCall) {
            k.calls++;
        }
        if (failed) {
            k.failed++;
        }
        k.nanos += nanos;
    }

    /**
     * Drops a client.
     *
     * @param conn the client
     */
    public void disconnect(ClientConnection conn) {
        checkMain("disconnect");
        ClientState c = clients.get(conn.id());
        if (c == null || c.conn != conn) {
            return; // not connected (or another connection with its id is): nothing to do
        }
        clients.remove(conn.id());
        if (lastClient == c) {
            lastClient = null;
        }
        c.closed = true;
        c.pending = null;
        BlockedHandle<?> h = c.blocked;
        if (h != null) {
            h.disconnected();
        }
    }

    /**
     * CLIENT UNBLOCK.
     *
     * @param id   the client id
     * @param mode the mode
     * @return whether the client was unblocked
     */
    public boolean clientUnblock(long id, UnblockMode mode) {
        checkMain("clientUnblock");
        ClientState c = clients.get(id);
        BlockedHandle<?> h = c == null ? null : c.blocked;
        if (h == null || h.onTimeout == null) {
            return false; // Redis: only a client that may time out can be unblocked
        }
        if (mode == UnblockMode.ERROR) {
            return h.decideAndFinish(BlockedHandle.ABORT, true);
        }
        return h.decideAndFinish(BlockedHandle.TIMEOUT);
    }

    // ------------------------------------------------------------------ blocking

    <P> BlockedHandle<P> block(CallContext ctx, Command onReply, Command onTimeout,
            PrivdataFree<? super P> free, KeyReadyCallback onKeys, List<byte[]> keys, P privdata,
            boolean wakeOnDelete, long timeoutMs) {
        ClientState c = ctx.client;
        String refusal = refusal(ctx.contextFlags());
        List<KeyRef> refs = null;
        if (keys != null) {
            refs = new ArrayList<>(keys.size());
            for (byte[] k : keys) {
                refs.add(new KeyRef(c.conn.db(), k.clone()));
            }
        }
        if (refusal != null || c.closed) {
            BlockedHandle<P> aborted = new BlockedHandle<>(this, c, ctx.spec, ctx.args(), onReply,
                    onTimeout, free, onKeys, refs, wakeOnDelete, privdata, true);
            aborts++;
            if (refusal != null) {
                ctx.replyError(refusal);
            }
            if (privdata != null) {
                freeLate(aborted, privdata);
            }
            return aborted;
        }
        BlockedHandle<P> h = new BlockedHandle<>(this, c, ctx.spec, ctx.args(), onReply, onTimeout,
                free, onKeys, refs, wakeOnDelete, privdata, false);
        c.blocked = h;
        blockedNow++;
        totalBlocked++;
        if (refs != null) {
            for (KeyRef k : refs) {
                waiters.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(h);
            }
        }
        h.arm(ctx.now(), timeoutMs);
        return h;
    }

    /** Redis's texts for a block where blocking is not allowed, or null if allowed. */
    static String refusal(Set<ContextFlag> flags) {
        if (flags.isEmpty()) {
            return null; // the common case
        }
        if (flags.contains(ContextFlag.LUA)) {
            return "ERR Blocking module command called from Lua script";
        }
        if (flags.contains(ContextFlag.MULTI)) {
            return "ERR Blocking module command called from transaction";
        }
        if (flags.contains(ContextFlag.BLOCKED_REPLY)) {
            return "ERR Blocking module command called from a Reply callback context";
        }
        if (flags.contains(ContextFlag.DENY_BLOCKING)) {
            return "ERR Blocking module command called from a context that denies blocking";
        }
        return null;
    }

    /**
     * Hands a decided handle to the main thread. Handles go through one mailbox, as Redis's
     * {@code moduleUnblockedClients} list: FIFO, so clients are handled in the order they were
     * unblocked, and a burst of unblocks costs the main queue one job (and one wakeup) per batch
     * rather than one per client.
     */
    void post(BlockedHandle<?> h) {
        unblocked.offer(h);
    }

    private void finishAll(List<BlockedHandle<?>> batch) {
        for (BlockedHandle<?> h : batch) {
            try {
                finish(h);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("handling the unblocked client {} failed", h, e);
            }
        }
    }

    <P> void freeLate(BlockedHandle<P> h, P data) {
        if (data != null && h.free != null) {
            main.post(Job.named("blocked client late privdata free",
                    () -> runFree(h, data, h.isDisconnected() || h.client.closed)));
        }
    }

    /**
     * The winning outcome, on the main thread: the callback, the free (always, SPEC 9.2), the
     * thread-safe context's replies, then the client's pipelined requests.
     */
    <P> void finish(BlockedHandle<P> h) {
        ClientState c = h.client;
        if (c.blocked != h) {
            return; // an aborted-at-birth handle: freed when refused, nothing else to do
        }
        c.blocked = null;
        blockedNow--;
        if (h.keys != null) {
            for (KeyRef k : h.keys) {
                LinkedHashSet<BlockedHandle<?>> set = waiters.get(k);
                if (set != null && set.remove(h) && set.isEmpty()) {
                    waiters.remove(k);
                }
            }
        }
        byte outcome = h.outcomeCode();
        P data = h.privdataNow();
        boolean alive = !c.closed;
        long start = System.nanoTime();
        boolean failed = false;
        try {
            switch (outcome) {
                case BlockedHandle.REPLY -> {
                    if (alive && !h.keyServed) {
                        // an explicit unblock of a client blocked on keys runs its timeout
                        // callback, as Redis's RM_UnblockClient does (moduleBlockedClientTimedOut)
                        failed = callback(h, h.onKeys != null ? CallContext.Kind.TIMEOUT : CallContext.Kind.REPLY, data);
                    }
                }
                case BlockedHandle.TIMEOUT -> {
                    timeouts++;
                    if (alive && h.onTimeout != null) {
                        failed = callback(h, CallContext.Kind.TIMEOUT, data);
                    }
                }
                case BlockedHandle.ABORT -> {
                    boolean withError;
                    synchronized (h) {
                        withError = h.unblockedWithError;
                    }
                    if (withError) {
                        if (alive) {
                            c.conn.error(UNBLOCKED_ERROR);
                        }
                    } else {
                        aborts++;
                    }
                }
                case BlockedHandle.DISCONNECT -> {
                    Consumer<? super P> onDisconnect = h.disconnectCallback();
                    if (onDisconnect != null) {
                        guarded("disconnect callback", h, () -> onDisconnect.accept(data));
                    }
                }
                default -> throw new IllegalStateException("finish of a client still blocked: " + h);
            }
        } finally {
            if (data != null && h.free != null) {
                runFree(h, data, h.isDisconnected() || !alive);
            }
            ReplyBuffer replies = h.threadRepliesIfAny();
            if (replies != null && alive && replies.replayTo(c.conn)) {
                failed = true; // a thread-safe context replied an error
            }
            long nanos = System.nanoTime() - start + h.measuredNanos();
            account(h.spec, failed, nanos, false);
            if (alive) {
                observe(c, h.spec, h.args, h.callNanos + nanos);
            }
        }
        if (alive) {
            resume(c);
        }
        serveReadyKeys();
    }

    /** Runs a reply, key or timeout callback; returns whether it replied an error. */
    private boolean callback(BlockedHandle<?> h, CallContext.Kind kind, Object data) {
        Command fn = kind == CallContext.Kind.TIMEOUT ? h.onTimeout : h.onReply;
        CallContext ctx = callbackContext(h, kind, data, null, h.client.conn);
        depth++;
        try {
            if (kind == CallContext.Kind.KEYS) {
                h.onKeys.serve(ctx, h.args);
            } else if (fn != null) {
                fn.call(ctx, h.args);
            }
        } catch (Exception | LinkageError e) {
            LOG.warn("{} callback of {} threw", kind, h, e);
            ctx.replyError("ERR " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            depth--;
            ctx.invalidate();
        }
        return ctx.errored;
    }

    private CallContext callbackContext(BlockedHandle<?> h, CallContext.Kind kind, Object data,
            KeyRef ready, org.thrjob.blocking.ReplySink sink) {
        Set<ContextFlag> flags = h.client.conn.respVersion() >= 3 ? CALLBACK_RESP3 : CALLBACK_RESP2;
        CallContext ctx = new CallContext(this, h.client, h.spec, h.args, flags, kind, h, data);
        ctx.readyKey = ready == null ? null : ready.key();
        ctx.sinkOverride = sink == h.client.conn ? null : sink;
        return ctx;
    }

    private void runFree(BlockedHandle<?> h, Object data, boolean disconnected) {
        CallContext ctx = new CallContext(this, h.client, h.spec, h.args,
                Set.of(), CallContext.Kind.FREE, h, data);
        ctx.disconnectedAtFree = disconnected;
        guarded("privdata free", h, () -> freeUnchecked(h.free, ctx, data));
        ctx.invalidate();
    }

    @SuppressWarnings("unchecked")
    private static <P> void freeUnchecked(PrivdataFree<P> free, CallContext ctx, Object data) {
        free.free(ctx, (P) data);
    }

    private static void guarded(String what, BlockedHandle<?> h, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("{} of {} threw", what, h, e);
        }
    }

    /** Runs the client's pipelined requests, in order, until one blocks again. */
    private void resume(ClientState c) {
        while (c.blocked == null && c.pending != null && !c.pending.isEmpty() && !c.closed) {
            execute(c, c.pending.poll());
        }
    }

    // ------------------------------------------------------------------ keys

    /**
     * Any thread: marks a key ready; served on the main thread after the current call.
     *
     * @param db          the database
     * @param key         the key
     * @param deletedOnly true for a deletion signal
     */
    public void signalKeyAsReady(int db, byte[] key, boolean deletedOnly) {
        KeyRef ref = new KeyRef(db, key.clone());
        if (main.thread() == Thread.currentThread()) {
            mark(ref, deletedOnly);
            if (depth == 0) {
                serveReadyKeys();
            }
        } else {
            main.post(Job.named("signal key ready " + ref, () -> {
                mark(ref, deletedOnly);
                serveReadyKeys();
            }));
        }
    }

    private void mark(KeyRef ref, boolean deletedOnly) {
        if (waiters.containsKey(ref)) {
            readyKeys.merge(ref, deletedOnly, (a, b) -> a && b);
        }
    }

    /** Serves the clients blocked on the keys signalled, in blocking order (handleClientsBlockedOnKeys). */
    void serveReadyKeys() {
        if (servingKeys || depth > 0) {
            return;
        }
        servingKeys = true;
        try {
            while (!readyKeys.isEmpty()) {
                List<Map.Entry<KeyRef, Boolean>> batch = new ArrayList<>(readyKeys.entrySet());
                readyKeys.clear();
                for (Map.Entry<KeyRef, Boolean> signal : batch) {
                    LinkedHashSet<BlockedHandle<?>> set = waiters.get(signal.getKey());
                    if (set == null) {
                        continue;
                    }
                    for (BlockedHandle<?> h : new ArrayList<>(set)) {
                        if (signal.getValue() && !h.wakeOnDelete) {
                            continue;
                        }
                        tryServe(h, signal.getKey());
                    }
                }
            }
        } finally {
            servingKeys = false;
        }
    }

    private void tryServe(BlockedHandle<?> h, KeyRef key) {
        if (h.outcomeCode() != BlockedHandle.BLOCKED) {
            return;
        }
        ReplyBuffer out = new ReplyBuffer();
        CallContext ctx = callbackContext(h, CallContext.Kind.KEYS, h.privdataNow(), key, out);
        boolean accepted;
        long start = System.nanoTime();
        depth++;
        try {
            accepted = h.onKeys.serve(ctx, h.args);
        } catch (Exception | LinkageError e) {
            LOG.warn("key-ready callback of {} threw; the client stays blocked", h, e);
            accepted = false;
        } finally {
            depth--;
            ctx.invalidate();
        }
        account(h.spec, false, System.nanoTime() - start, false);
        if (accepted) {
            h.served(out); // declined, or another outcome won meanwhile: its replies are dropped
        }
    }

    // ------------------------------------------------------------------ thread-safe contexts

    /**
     * A thread-safe context.
     *
     * @param blocked the blocked client, or null for a detached context
     * @return the context
     */
    public ThreadSafeContext threadSafeContext(BlockedClient<?> blocked) {
        if (blocked == null) {
            return new ThreadSafeContextImpl(this, null, 0, 2);
        }
        if (!(blocked instanceof BlockedHandle<?> h) || h.engine != this) {
            throw new IllegalArgumentException("blocked client " + blocked + " was not blocked by"
                    + " this dispatcher: pass the handle that CommandContext.blockClient returned");
        }
        return new ThreadSafeContextImpl(this, h, h.client.conn.db(), h.client.conn.respVersion());
    }

    /**
     * A detached thread-safe context of a database.
     *
     * @param db the database
     * @return the context
     */
    ThreadSafeContext detachedContext(int db) {
        return new ThreadSafeContextImpl(this, null, db, 2);
    }

    // ------------------------------------------------------------------ module timers

    /**
     * A pending module timer: its job, the module that made it (MODULE UNLOAD asks), when it is
     * due ({@link System#nanoTime()}) and what it runs.
     */
    private record ModuleTimer(long id, ScheduledJob job, String module, long due, int db,
            org.thrjob.blocking.TimerCallback callback) {

        /** Deadline order: the earlier due first, then the older timer. */
        boolean before(ModuleTimer o) {
            long d = due - o.due;
            return d < 0 || d == 0 && id < o.id;
        }
    }

    /** Pending module timers by id; main thread only. */
    private final Map<Long, ModuleTimer> timers = new HashMap<>();
    private long lastTimerId;

    /** Main thread: arms a module timer (RM_CreateTimer), due {@code periodMs} after {@code now}. */
    long createTimer(String module, int db, long now, long periodMs, org.thrjob.blocking.TimerCallback callback) {
        long id = ++lastTimerId;
        long due = now + Math.min(periodMs, BlockedHandle.MAX_DEADLINE_MS) * 1_000_000L;
        ScheduledJob job = main.postAfter(Duration.ofMillis(periodMs),
                Job.named("module timer " + id, () -> timerJob(id)));
        timers.put(id, new ModuleTimer(id, job, module, due, db, callback));
        return id;
    }

    /** Main thread: stops a pending module timer (RM_StopTimer). */
    boolean stopTimer(long id) {
        ModuleTimer timer = timers.remove(id);
        if (timer == null) {
            return false;
        }
        timer.job().cancel(); // if the job was already taken, timerJob finds the id gone
        return true;
    }

    /**
     * Main thread: why a module cannot be unloaded now, in Redis's words, or null if it can:
     * clients blocked by its commands, or timers of its that have not fired.
     *
     * @param module the module's name
     * @return the reason, or null
     */
    public String unloadRefusal(String module) {
        for (ClientState c : clients.values()) {
            BlockedHandle<?> h = c.blocked;
            if (h != null && h.spec.module().equals(module)) {
                return "the module has blocked clients. Please wait for them to be unblocked and try again";
            }
        }
        for (ModuleTimer t : timers.values()) {
            if (t.module().equals(module)) {
                return "the module holds timer that is not fired. Please stop the timer or wait until it fires.";
            }
        }
        return null;
    }

    /*
     * Deadline order. A module timer and a client's block timeout are both main-queue jobs, but
     * the main thread may run them late, and not necessarily in deadline order; so each decides
     * by the deadlines, not by when its job runs: a timer's job first fires the timers due before
     * it and times out the clients whose deadline falls strictly before it; a timeout's job first
     * fires the timers due no later than it. The earlier deadline thus always wins, and at equal
     * deadlines the timer does, as in Redis (its loop fires due timers, then the next turn's
     * beforeSleep checks the timeouts of blocked clients). A call's deadlines all count from its
     * time snapshot (CallContext.now), so equal delays are equal deadlines.
     */

    /** The job of timer {@code id}: fires it after every event due before it. */
    private void timerJob(long id) {
        ModuleTimer me = timers.get(id);
        while (me != null && timers.get(id) == me) {
            ModuleTimer first = earliestTimer();
            fire(first); // me itself, once the timers due before it have fired
            if (first == me) {
                return;
            }
        }
        // stopped, or fired earlier on behalf of another event: nothing to do
    }

    /** Main thread: fires, in deadline order, the pending timers due no later than {@code deadline}. */
    void fireTimersDueBy(long deadline) {
        ModuleTimer first;
        while (!timers.isEmpty() && (first = earliestTimer()).due() - deadline <= 0) {
            fire(first);
        }
    }

    private ModuleTimer earliestTimer() {
        ModuleTimer first = null;
        for (ModuleTimer t : timers.values()) {
            if (first == null || t.before(first)) {
                first = t;
            }
        }
        return first;
    }

    /** Times out the clients due strictly before {@code due}, in Redis's order (deadline, client id). */
    private void timeOutClientsBefore(long due) {
        List<BlockedHandle<?>> late = null;
        for (ClientState c : clients.values()) {
            BlockedHandle<?> h = c.blocked;
            if (h != null && h.timed && h.deadline - due < 0) {
                if (late == null) {
                    late = new ArrayList<>();
                }
                late.add(h);
            }
        }
        if (late == null) {
            return;
        }
        late.sort((a, b) -> a.deadline != b.deadline ? Long.compare(a.deadline - b.deadline, 0)
                : Long.compare(a.client.conn.id(), b.client.conn.id()));
        for (BlockedHandle<?> h : late) {
            h.decideAndFinish(BlockedHandle.TIMEOUT); // false if another outcome won meanwhile
        }
    }

    private void fire(ModuleTimer t) {
        timers.remove(t.id());
        t.job().cancel(); // fired on behalf of an earlier job: its own job does nothing
        timeOutClientsBefore(t.due());
        ThreadSafeContextImpl ctx = new ThreadSafeContextImpl(this, null, t.db(), 2);
        depth++; // keys it signals are served once it returns, as Redis serves them after the timer
        try {
            t.callback().onTimer(ctx);
        } catch (Exception | LinkageError e) {
            LOG.warn("module timer {} threw", t.id(), e);
        } finally {
            depth--;
            ctx.close();
        }
        serveReadyKeys();
    }

    // ------------------------------------------------------------------ stats

    /**
     * The statistics.
     *
     * @return a snapshot
     */
    public BlockingStats stats() {
        Map<String, CommandStats> per = new HashMap<>();
        counters.forEach((name, k) -> per.put(name,
                new CommandStats(k.calls, k.failed, k.nanos / 1000, k.rejected)));
        return new BlockingStats(blockedNow, totalBlocked, timeouts, aborts, per);
    }

    /**
     * The keys of a database that clients are blocked on, for a host that empties or swaps a
     * whole database (Redis's scan of {@code db->blocking_keys}).
     *
     * @param db the database
     * @return a new list of copies of the keys, in no particular order
     */
    public List<byte[]> waitedKeys(int db) {
        List<byte[]> out = new ArrayList<>();
        for (KeyRef k : waiters.keySet()) {
            if (k.db() == db) {
                out.add(k.key().clone());
            }
        }
        return out;
    }

    /**
     * The number of keys waited on.
     *
     * @return the count
     */
    public int waitingOnKeys() {
        return waiters.size();
    }
}
