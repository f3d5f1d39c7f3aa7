package org.thrjob.blocking.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.ScheduledJob;
import org.thrjob.blocking.Command;
import org.thrjob.blocking.CommandSpec;
import org.thrjob.blocking.KeyReadyCallback;
import org.thrjob.blocking.PrivdataFree;

/**
 * One blocked client ({@code RedisModuleBlockedClient}). The outcome is decided under this
 * object's monitor by the first of {unblock, abort, deadline, disconnect, CLIENT UNBLOCK, key
 * served}; only the winner hands the handle to the engine's unblocked-clients mailbox (or calls
 * {@link Engine#finish} itself, when already on the main thread). Kept small: it is what a waiting
 * client costs.
 *
 * <p>Thread-safety: the public methods may be called from any thread.
 *
 * @param <P> the type of the private data the unblocking job hands to the reply callback
 */
public final class BlockedHandle<P> implements BlockedClient<P> {

    static final byte BLOCKED = 0;
    static final byte REPLY = 1;
    static final byte TIMEOUT = 2;
    static final byte ABORT = 3;
    static final byte DISCONNECT = 4;
    private static final long NOT_MEASURING = Long.MIN_VALUE;
    /** Deadlines further away are capped (about 34 years), so that nanosecond arithmetic never overflows. */
    static final long MAX_DEADLINE_MS = 1L << 40;
    /** Marks a late unblock in {@link #unblock}; never armed. */
    private static final ScheduledJob LATE = new ScheduledJob() {
        @Override
        public boolean cancel() {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isPosted() {
            return false;
        }
    };

    final Engine engine;
    final ClientState client;
    final CommandSpec spec;
    final List<byte[]> args;
    final Command onReply;
    final Command onTimeout;
    final PrivdataFree<? super P> free;
    final KeyReadyCallback onKeys;
    final List<Engine.KeyRef> keys;
    final boolean wakeOnDelete;

    private P privdata;
    private byte outcome;
    /** CLIENT UNBLOCK ERROR: the abort replies the UNBLOCKED error. */
    boolean unblockedWithError;
    /** A key-ready callback accepted: its output was already sent. */
    boolean keyServed;
    private volatile boolean disconnected;
    private Consumer<? super P> onDisconnect;
    private ScheduledJob timer;
    private long measureStart = NOT_MEASURING;
    private long measuredNanos;
    private volatile ReplyBuffer threadReplies;
    /** The time of the call that blocked (main thread), reported with the rest when unblocked. */
    long callNanos;
    /** Main thread: whether a deadline is armed, and when it falls ({@link System#nanoTime()}). */
    boolean timed;
    long deadline;

    @SuppressWarnings("this-escape")
    BlockedHandle(Engine engine, ClientState client, CommandSpec spec, List<byte[]> args,
            Command onReply, Command onTimeout, PrivdataFree<? super P> free, KeyReadyCallback onKeys,
            List<Engine.KeyRef> keys, boolean wakeOnDelete, P privdata, boolean refused) {
        this.engine = engine;
        this.client = client;
        this.spec = spec;
        this.args = args;
        this.onReply = onReply;
        this.onTimeout = onTimeout;
        this.free = free;
        this.onKeys = onKeys;
        this.keys = keys;
        this.wakeOnDelete = wakeOnDelete;
        this.privdata = privdata;
        this.outcome = refused ? ABORT : BLOCKED;
    }

    /**
     * Arms the deadline; main thread, right after blocking.
     *
     * @param now       the blocking call's time snapshot, which the deadline counts from
     * @param timeoutMs the timeout, 0 for none
     */
    void arm(long now, long timeoutMs) {
        if (timeoutMs > 0) {
            timed = true;
            deadline = now + Math.min(timeoutMs, MAX_DEADLINE_MS) * 1_000_000L;
            ScheduledJob job = engine.main.postAfter(Duration.ofMillis(timeoutMs), this::deadline);
            synchronized (this) {
                timer = job;
                if (outcome == BLOCKED) {
                    return;
                }
            }
            job.cancel(); // decided while arming
        }
    }

    @Override
    public boolean unblock(P data) {
        if (onKeys != null && onTimeout == null) {
            // Redis's RM_UnblockClient refuses a client blocked on keys without a timeout
            // callback: that callback is what an explicit unblock of such a client runs
            if (data != null && data != privdataNow()) {
                engine.freeLate(this, data);
            }
            return false;
        }
        ScheduledJob armed;
        P surplus = null;
        synchronized (this) {
            if (outcome == BLOCKED) {
                outcome = REPLY;
                if (onKeys == null) {
                    privdata = data;
                } else if (data != privdata) {
                    surplus = data; // blocked on keys: the privdata stays (Redis keeps it too)
                }
                armed = timer;
            } else if (outcome == REPLY || data == privdata) {
                return false; // SPEC 9.3: a second unblock does nothing
            } else {
                armed = LATE;
            }
        }
        if (armed == LATE) {
            engine.freeLate(this, data); // SPEC 9.3: after another outcome, only frees
            return false;
        }
        won(armed);
        if (surplus != null) {
            engine.freeLate(this, surplus);
        }
        return true;
    }

    @Override
    public boolean abort() {
        ScheduledJob armed;
        synchronized (this) {
            if (outcome != BLOCKED) {
                return false;
            }
            outcome = ABORT;
            armed = timer;
        }
        won(armed);
        return true;
    }

    /** The winner's path off the monitor: cancel the timer, hand the outcome to the main thread. */
    private void won(ScheduledJob armed) {
        if (armed != null) {
            armed.cancel();
        }
        engine.post(this);
    }

    /** Main thread: decides {@code to} and finishes in place (deadline, disconnect, keys...). */
    boolean decideAndFinish(byte to) {
        return decideAndFinish(to, false);
    }

    /** As {@link #decideAndFinish(byte)}; {@code withError} marks a CLIENT UNBLOCK ERROR win. */
    boolean decideAndFinish(byte to, boolean withError) {
        ScheduledJob armed;
        synchronized (this) {
            if (outcome != BLOCKED) {
                return false;
            }
            outcome = to;
            unblockedWithError = withError;
            armed = timer;
        }
        if (armed != null && to != TIMEOUT) {
            armed.cancel();
        }
        engine.finish(this);
        return true;
    }

    /** Main thread: a key-ready callback accepted; its output goes out if the serve wins. */
    void served(ReplyBuffer out) {
        ScheduledJob armed;
        synchronized (this) {
            if (outcome != BLOCKED) {
                return;
            }
            outcome = REPLY;
            keyServed = true;
            armed = timer;
        }
        if (armed != null) {
            armed.cancel();
        }
        out.replayTo(client.conn);
        engine.finish(this);
    }

    private void deadline() {
        // module timers due by this deadline fire first: the earlier deadline wins however late
        // the main thread runs this job, and a timer due at the same time wins (Redis's loop fires
        // due timers before its next turn checks the timeouts of blocked clients)
        engine.fireTimersDueBy(deadline);
        decideAndFinish(TIMEOUT);
    }

    /** Main thread: the connection dropped. */
    void disconnected() {
        disconnected = true;
        decideAndFinish(DISCONNECT);
    }

    @Override
    public boolean isDisconnected() {
        return disconnected;
    }

    @Override
    public Optional<Outcome> outcome() {
        byte o = outcomeCode();
        return switch (o) {
            case REPLY -> Optional.of(Outcome.REPLY);
            case TIMEOUT -> Optional.of(Outcome.TIMEOUT);
            case ABORT -> Optional.of(Outcome.ABORT);
            case DISCONNECT -> Optional.of(Outcome.DISCONNECT);
            default -> Optional.empty();
        };
    }

    synchronized byte outcomeCode() {
        return outcome;
    }

    @Override
    public void setPrivdata(P data) {
        synchronized (this) {
            if (outcome == BLOCKED || data == privdata) {
                privdata = data;
                return;
            }
        }
        engine.freeLate(this, data); // decided already: SPEC 9.2, the value is still freed
    }

    /** Main thread, in a callback: the privdata as it stands. */
    synchronized P privdataNow() {
        return privdata;
    }

    @Override
    public Optional<P> privdata() {
        return Optional.ofNullable(privdataNow());
    }

    @Override
    public synchronized void setDisconnectCallback(Consumer<? super P> callback) {
        this.onDisconnect = callback;
    }

    synchronized Consumer<? super P> disconnectCallback() {
        return onDisconnect;
    }

    @Override
    public synchronized void measureTimeStart() {
        measureStart = System.nanoTime();
    }

    @Override
    public synchronized void measureTimeEnd() {
        if (measureStart != NOT_MEASURING) {
            measuredNanos += System.nanoTime() - measureStart;
            measureStart = NOT_MEASURING;
        }
    }

    /** The background time measured so far, without a Duration. */
    synchronized long measuredNanos() {
        return measuredNanos;
    }

    @Override
    public synchronized Duration backgroundTime() {
        return Duration.ofNanos(measuredNanos);
    }

    /** The thread-safe context's buffer, made on first use. */
    synchronized ReplyBuffer threadReplies() {
        if (threadReplies == null) {
            threadReplies = new ReplyBuffer();
        }
        return threadReplies;
    }

    ReplyBuffer threadRepliesIfAny() {
        return threadReplies;
    }

    @Override
    public String toString() {
        return "BlockedClient[client " + client.conn.id() + ", " + spec.name() + ", "
                + outcome().map(Enum::name).orElse("blocked") + "]";
    }
}
