package org.thrjob.blocking.internal;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.thrjob.api.BlockedClient;
import org.thrjob.blocking.CallReply;
import org.thrjob.blocking.Command;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandSpec;
import org.thrjob.blocking.ContextFlag;
import org.thrjob.blocking.KeyReadyCallback;
import org.thrjob.blocking.KeySpace;
import org.thrjob.blocking.PrivdataFree;
import org.thrjob.blocking.ReplySink;
import org.thrjob.blocking.ThreadSafeContext;
import org.thrjob.blocking.YieldFlag;

/** The context of one call or callback; main thread only, valid until {@link #invalidate()}. */
final class CallContext extends Replier implements CommandContext {

    /** What the context is for. */
    enum Kind { CALL, REPLY, TIMEOUT, KEYS, FREE }

    final Engine engine;
    final ClientState client;
    final CommandSpec spec;
    private final List<byte[]> args;
    private final Set<ContextFlag> flags;
    private final Kind kind;
    private final BlockedHandle<?> handle;
    private final Object privdata;
    byte[] readyKey;
    ReplySink sinkOverride;
    boolean disconnectedAtFree;
    private boolean valid = true;
    private boolean blocked;
    /** The handle this call blocked its client with, if it did. */
    BlockedHandle<?> blockedHandle;
    /**
     * The call's time (Redis's command time snapshot), taken on first use: the deadlines of the
     * block and the timers one call makes count from the same instant, so equal delays give equal
     * deadlines and the dispatcher's order between them does not depend on the clock's progress.
     */
    private long now;
    private boolean nowTaken;
    /** When the call began ({@link System#nanoTime()}); 0 for callbacks, taken at their first yield. */
    long startNanos;
    /** When the next {@link #yield} serves events; 0 until the first yield. */
    private long yieldDue;

    CallContext(Engine engine, ClientState client, CommandSpec spec, List<byte[]> args,
            Set<ContextFlag> flags, Kind kind, BlockedHandle<?> handle, Object privdata) {
        this.engine = engine;
        this.client = client;
        this.spec = spec;
        this.args = args;
        this.flags = flags;
        this.kind = kind;
        this.handle = handle;
        this.privdata = privdata;
    }

    void invalidate() {
        valid = false;
    }

    /** The call's time snapshot, in {@link System#nanoTime()} units. */
    long now() {
        if (!nowTaken) {
            now = System.nanoTime();
            nowTaken = true;
        }
        return now;
    }

    private void check() {
        if (!valid) {
            throw new IllegalStateException("this CommandContext of '" + spec.name() + "' is no longer"
                    + " valid: a context lives for one call; from a job, use a ThreadSafeContext");
        }
    }

    @Override
    ReplySink sink() {
        check();
        return sinkOverride != null ? sinkOverride : client.conn;
    }

    @Override
    int resp() {
        return client.conn.respVersion();
    }

    @Override
    public List<byte[]> args() {
        return args;
    }

    @Override
    public long clientId() {
        return client.conn.id();
    }

    @Override
    public int respVersion() {
        return client.conn.respVersion();
    }

    @Override
    public int db() {
        return client.conn.db();
    }

    @Override
    public KeySpace keySpace() {
        check();
        return engine.keySpace;
    }

    @Override
    public Set<ContextFlag> contextFlags() {
        return flags;
    }

    @Override
    public <P> BlockedClient<P> blockClient(Command onReply, Command onTimeout,
            PrivdataFree<? super P> free, long timeoutMs) {
        return doBlock(onReply, onTimeout, free, null, null, null, false, timeoutMs);
    }

    @Override
    public <P> BlockedClient<P> blockClientOnKeys(KeyReadyCallback onReady, Command onTimeout,
            PrivdataFree<? super P> free, long timeoutMs, List<byte[]> keys, P privdata,
            boolean wakeOnDelete) {
        Objects.requireNonNull(onReady, "onReady must not be null");
        Objects.requireNonNull(keys, "keys must not be null");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys must not be empty: block on at least one key");
        }
        return doBlock(null, onTimeout, free, onReady, keys, privdata, wakeOnDelete, timeoutMs);
    }

    private <P> BlockedClient<P> doBlock(Command onReply, Command onTimeout,
            PrivdataFree<? super P> free, KeyReadyCallback onKeys, List<byte[]> keys, P privdata,
            boolean wakeOnDelete, long timeoutMs) {
        check();
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeoutMs must be >= 0 (0 = no timeout) but was " + timeoutMs);
        }
        if (blocked) {
            throw new IllegalStateException("'" + spec.name() + "' already blocked its client in this"
                    + " call: block at most once per call");
        }
        blocked = true;
        BlockedHandle<P> h = engine.block(this, onReply, onTimeout, free, onKeys, keys, privdata,
                wakeOnDelete, timeoutMs);
        blockedHandle = h;
        return h;
    }

    @Override
    public boolean isBlockedReply() {
        return kind == Kind.REPLY || kind == Kind.KEYS;
    }

    @Override
    public boolean isBlockedTimeout() {
        return kind == Kind.TIMEOUT;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <P> P blockedPrivdata() {
        return (P) privdata;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <P> BlockedClient<P> blockedClient() {
        check();
        return kind == Kind.REPLY || kind == Kind.TIMEOUT || kind == Kind.KEYS
                ? (BlockedClient<P>) handle : null;
    }

    @Override
    public byte[] readyKey() {
        return readyKey == null ? null : readyKey.clone();
    }

    @Override
    public boolean blockedClientDisconnected() {
        return disconnectedAtFree;
    }

    @Override
    public void signalKeyAsReady(byte[] key) {
        Objects.requireNonNull(key, "key must not be null");
        check();
        engine.signalKeyAsReady(client.conn.db(), key, false);
    }

    @Override
    public ThreadSafeContext detachedThreadSafeContext() {
        check();
        return engine.detachedContext(client.conn.db());
    }

    @Override
    public long createTimer(long periodMs, org.thrjob.blocking.TimerCallback callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        if (periodMs < 0) {
            throw new IllegalArgumentException("timer period must not be negative, got " + periodMs
                    + " ms: give 0 to fire on the next turn of the main loop");
        }
        check();
        return engine.createTimer(spec.module(), client.conn.db(), now(), periodMs, callback);
    }

    @Override
    public boolean stopTimer(long timerId) {
        check();
        return engine.stopTimer(timerId);
    }

    @Override
    public ThreadSafeContext threadSafeContext(BlockedClient<?> blocked) {
        Objects.requireNonNull(blocked, "blocked must not be null");
        return engine.threadSafeContext(blocked);
    }

    @Override
    public CallReply call(List<byte[]> args) {
        Objects.requireNonNull(args, "args must not be null");
        check();
        return engine.moduleCall(client, client.conn.db(), args);
    }

    @Override
    public void yield(YieldFlag flag, String busyReply) {
        Objects.requireNonNull(flag, "flag must not be null");
        check();
        engine.checkMain("CommandContext.yield");
        if (yieldDue == 0) {
            if (startNanos == 0) {
                startNanos = System.nanoTime();
            }
            yieldDue = engine.busy.firstYieldAt(startNanos) | 1L;
        }
        yieldDue = engine.busy.onMain(yieldDue, flag, busyReply) | 1L;
    }

    @Override
    public String toString() {
        return "CommandContext[" + spec.name() + ", client " + client.conn.id() + ", " + kind + "]";
    }
}
