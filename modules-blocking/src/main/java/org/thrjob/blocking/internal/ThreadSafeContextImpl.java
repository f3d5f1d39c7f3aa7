package org.thrjob.blocking.internal;

import java.util.Objects;
import org.thrjob.blocking.CallReply;
import org.thrjob.blocking.KeySpace;
import org.thrjob.blocking.ReplySink;
import org.thrjob.blocking.ThreadSafeContext;
import org.thrjob.blocking.YieldFlag;

/** A context for jobs: replies buffered on the blocked client, key space behind the GIL. */
final class ThreadSafeContextImpl extends Replier implements ThreadSafeContext {

    private final Engine engine;
    private final BlockedHandle<?> handle;
    private final int db;
    private final int resp;
    /** A detached context replies nowhere: its replies are dropped, not kept forever. */
    private static final ReplySink NOWHERE = new ReplySink() {
        @Override
        public void simple(String value) {
        }

        @Override
        public void error(String message) {
        }

        @Override
        public void integer(long value) {
        }

        @Override
        public void bulk(byte[] value) {
        }

        @Override
        public void nullValue() {
        }

        @Override
        public void array(int length) {
        }

        @Override
        public void map(int pairs) {
        }

        @Override
        public void set(int length) {
        }

        @Override
        public void bool(boolean value) {
        }

        @Override
        public void doubleValue(double value) {
        }
    };

    private volatile boolean closed;
    /** When this context began: its busy reply threshold counts from here, as Redis's. */
    private final long createdNanos = System.nanoTime();
    /** When the next {@link #yield} serves events; 0 until the first yield. GIL holder only. */
    private long yieldDue;
    /** This context made the server busy: releasing the GIL ends that. GIL holder only. */
    private boolean madeBusy;

    ThreadSafeContextImpl(Engine engine, BlockedHandle<?> handle, int db, int resp) {
        this.engine = engine;
        this.handle = handle;
        this.db = db;
        this.resp = resp;
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("this ThreadSafeContext is closed: get a new one");
        }
    }

    @Override
    ReplySink sink() {
        check();
        return handle != null ? handle.threadReplies() : NOWHERE;
    }

    @Override
    int resp() {
        return resp;
    }

    @Override
    public void lock() {
        check();
        engine.gil.lock();
    }

    @Override
    public boolean tryLock() {
        check();
        return engine.gil.tryLock();
    }

    @Override
    public void unlock() {
        if (madeBusy && engine.gil.isHeldByCurrentThread()) {
            madeBusy = false;
            engine.busy.threadUnlocked(); // RM_ThreadSafeContextUnlock ends the busy state
        }
        engine.gil.unlock();
    }

    @Override
    public void yield(YieldFlag flag, String busyReply) {
        Objects.requireNonNull(flag, "flag must not be null");
        check();
        if (!engine.gil.isHeldByCurrentThread()) {
            throw new IllegalStateException("yield needs the GIL: call lock() on this context first (on"
                    + " thread '" + Thread.currentThread().getName() + "')");
        }
        if (yieldDue == 0) {
            yieldDue = engine.busy.firstYieldAt(createdNanos) | 1L;
        }
        if (Thread.currentThread() == engine.mainThread()) {
            yieldDue = engine.busy.onMain(yieldDue, flag, busyReply) | 1L;
            return;
        }
        long due = engine.busy.onThread(yieldDue, flag, busyReply);
        if (due != yieldDue && flag == YieldFlag.CLIENTS) {
            madeBusy = true;
        }
        yieldDue = due | 1L;
    }

    @Override
    public KeySpace keySpace() {
        check();
        if (!engine.gil.isHeldByCurrentThread()) {
            throw new IllegalStateException("the key space needs the GIL: call lock() (or tryLock())"
                    + " before keySpace() and unlock() after");
        }
        return engine.keySpace;
    }

    @Override
    public int db() {
        return db;
    }

    @Override
    public void signalKeyAsReady(byte[] key) {
        Objects.requireNonNull(key, "key must not be null");
        check();
        engine.signalKeyAsReady(db, key, false);
    }

    @Override
    public CallReply call(java.util.List<byte[]> args) {
        Objects.requireNonNull(args, "args must not be null");
        check();
        return engine.moduleCall(handle == null ? null : handle.client, db, args);
    }

    @Override
    public void close() {
        closed = true;
    }
}
