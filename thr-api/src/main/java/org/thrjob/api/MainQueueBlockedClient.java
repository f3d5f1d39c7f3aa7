package org.thrjob.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.thrjob.api.spi.Checks;

/**
 * The blocked client of thrjob: {@link BlockedClient} on a runtime's {@link MainQueue}, made by
 * {@link BlockedClient#builder(MainQueue)}. The host that owns the connection (a server's event
 * loop) makes one when a command blocks, hands it to the job doing the slow part, and calls
 * {@link #disconnect()} if the connection drops meanwhile.
 *
 * <pre>{@code
 * MainQueueBlockedClient<Long> bc = BlockedClient.<Long>builder(thr.mainQueue())
 *         .onReply(n -> reply(client, n))
 *         .onTimeout(n -> replyNull(client))
 *         .freePrivdata(n -> release(n))
 *         .timeout(Duration.ofSeconds(5))
 *         .block();
 * thr.schedule(() -> bc.unblock(compute()));   // any thread
 * }</pre>
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread, concurrently. The outcome
 * is decided by one compare-and-set on an immutable snapshot of (outcome, privdata), so exactly
 * one of {reply, timeout, abort, disconnect} wins whatever the race (SPEC rule 9.1), and a
 * privdata set by {@link #setPrivdata} is either part of the winning snapshot or freed by the
 * call that set it. Everything a thread did before the call that decided the outcome
 * happens-before the winning callback, which is posted to the main queue.
 *
 * <p><b>Where callbacks run:</b> the reply, timeout and disconnect callbacks and the free callback
 * never run on the caller's thread: each outcome posts one job to the main queue that runs the
 * winning callback and then, in a {@code finally}, frees the privdata (SPEC rule 9.2). A callback
 * that throws is reported by the main queue like any failed job, after the free ran.
 *
 * <p><b>Timeout:</b> a positive timeout arms a timer with {@link MainQueue#postAfter}; the timer's
 * job re-checks the outcome when it runs on the main thread, so an unblock decided before that
 * (even after the deadline passed, in the same main-loop turn) wins over the timeout. Any other
 * outcome cancels the timer. A zero timeout means no timeout.
 *
 * <p><b>Null:</b> privdata may be null; a null privdata is not passed to the free callback
 * (there is nothing to free, as in Redis). Callbacks left unset are skipped; a timeout with no
 * timeout callback only frees the privdata (SPEC rule 9.4).
 *
 * <p><b>After the outcome:</b> a second {@link #unblock} returns false and does nothing else; an
 * unblock after a timeout, an abort or a disconnect returns false and only frees the privdata it
 * carries (SPEC rule 9.3); {@link #abort()} and {@link #disconnect()} return false;
 * {@link #setPrivdata} frees the value it is given. <b>After the runtime closed</b>, the main
 * queue refuses the callback job: the call that decided the outcome throws
 * {@link RejectedJobException}, and nothing runs.
 *
 * @param <P> the private data handed from the job to the reply callback
 */
public final class MainQueueBlockedClient<P> implements BlockedClient<P> {

    /** No measurement in progress. */
    private static final long NOT_MEASURING = Long.MIN_VALUE;

    /** The outcome (null while blocked) and the privdata, swapped together. */
    private record Snapshot<P>(Outcome outcome, P privdata) {
    }

    private final MainQueue main;
    private final Consumer<? super P> onReply;
    private final Consumer<? super P> onTimeout;
    private final Consumer<? super P> free;
    private final AtomicReference<Snapshot<P>> state;
    private volatile Consumer<? super P> onDisconnect;
    private volatile boolean disconnected;
    private volatile ScheduledJob timer;
    private final AtomicLong measureStart = new AtomicLong(NOT_MEASURING);
    private final AtomicLong measured = new AtomicLong();

    private MainQueueBlockedClient(Builder<P> builder) {
        this.main = builder.main;
        this.onReply = builder.onReply;
        this.onTimeout = builder.onTimeout;
        this.free = builder.free;
        this.onDisconnect = builder.onDisconnect;
        this.state = new AtomicReference<>(new Snapshot<>(null, builder.privdata));
    }

    /**
     * Starts a builder; {@link BlockedClient#builder(MainQueue)} is the same.
     *
     * @param <P>  the privdata type
     * @param main the main queue the callbacks run on; not null
     * @return a new builder
     * @throws NullPointerException if {@code main} is null
     */
    public static <P> Builder<P> builder(MainQueue main) {
        return new Builder<>(Checks.notNull(main, "main"));
    }

    /** Arms the timeout once the client is fully built, so no constructor leaks {@code this}. */
    private MainQueueBlockedClient<P> armTimer(Duration timeout) {
        if (!timeout.isZero()) {
            ScheduledJob armed = main.postAfter(timeout,
                    Job.named("blocked client timeout", this::deadline));
            timer = armed;
            if (state.get().outcome() != null) {
                // An outcome won while the timer was being armed: its cancel may have missed it.
                armed.cancel();
            }
        }
        return this;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Decides the outcome at the call (a compare-and-set), not when the main thread gets to it:
     * an unblock that returns true wins over a deadline that has passed but whose timer job has not
     * run yet.
     *
     * @throws RejectedJobException if this call won but the runtime is closed
     */
    @Override
    public boolean unblock(P privdata) {
        while (true) {
            Snapshot<P> current = state.get();
            if (current.outcome() == null) {
                if (state.compareAndSet(current, new Snapshot<>(Outcome.REPLY, privdata))) {
                    cancelTimer();
                    post("blocked client reply", onReply, privdata);
                    return true;
                }
            } else {
                if (current.outcome() != Outcome.REPLY && privdata != current.privdata()) {
                    // Late unblock after a timeout, abort or disconnect: only its privdata is freed.
                    post("blocked client late privdata free", null, privdata);
                }
                return false;
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The privdata set so far is freed on the main thread.
     *
     * @throws RejectedJobException if this call won but the runtime is closed
     */
    @Override
    public boolean abort() {
        Snapshot<P> won = decide(Outcome.ABORT);
        if (won == null) {
            return false;
        }
        post("blocked client abort", null, won.privdata());
        return true;
    }

    /**
     * Tells the client that its connection dropped: the host calls it, on any thread. If the client
     * is still blocked, the disconnect callback then runs on the main thread with the privdata, and
     * the privdata is freed.
     *
     * @return true if this call decided the outcome, false if another outcome already won (the
     *         client is then marked disconnected all the same)
     * @throws RejectedJobException if this call won but the runtime is closed
     */
    public boolean disconnect() {
        disconnected = true;
        Snapshot<P> won = decide(Outcome.DISCONNECT);
        if (won == null) {
            return false;
        }
        post("blocked client disconnect", onDisconnect, won.privdata());
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>True once {@link #disconnect()} was called, whatever outcome won.
     */
    @Override
    public boolean isDisconnected() {
        return disconnected;
    }

    @Override
    public Optional<Outcome> outcome() {
        return Optional.ofNullable(state.get().outcome());
    }

    /**
     * {@inheritDoc}
     *
     * <p>While blocked, the earlier privdata is replaced without being freed: it still belongs to
     * the caller. Once the outcome is decided, {@code privdata} is freed on the main thread
     * (unless it is the very privdata the outcome already frees).
     */
    @Override
    public void setPrivdata(P privdata) {
        while (true) {
            Snapshot<P> current = state.get();
            if (current.outcome() != null) {
                if (privdata != current.privdata()) {
                    post("blocked client late privdata free", null, privdata);
                }
                return;
            }
            if (state.compareAndSet(current, new Snapshot<>(null, privdata))) {
                return;
            }
        }
    }

    @Override
    public Optional<P> privdata() {
        return Optional.ofNullable(state.get().privdata());
    }

    /**
     * {@inheritDoc}
     *
     * <p>A callback set after the outcome was decided is not called.
     */
    @Override
    public void setDisconnectCallback(Consumer<? super P> onDisconnect) {
        this.onDisconnect = onDisconnect;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A start while a measurement is running restarts it.
     */
    @Override
    public void measureTimeStart() {
        measureStart.set(System.nanoTime());
    }

    @Override
    public void measureTimeEnd() {
        long start = measureStart.getAndSet(NOT_MEASURING);
        if (start != NOT_MEASURING) {
            measured.addAndGet(System.nanoTime() - start);
        }
    }

    @Override
    public Duration backgroundTime() {
        return Duration.ofNanos(measured.get());
    }

    @Override
    public String toString() {
        Outcome outcome = state.get().outcome();
        return "BlockedClient[" + (outcome == null ? "blocked" : outcome) + "]";
    }

    /** Runs on the main thread when the timer fires: the timeout wins only if nothing else did. */
    private void deadline() {
        Snapshot<P> won = decide(Outcome.TIMEOUT);
        if (won != null) {
            runThenFree(onTimeout, won.privdata());
        }
    }

    /** Moves from blocked to {@code outcome}, keeping the privdata; null if another outcome won. */
    private Snapshot<P> decide(Outcome outcome) {
        while (true) {
            Snapshot<P> current = state.get();
            if (current.outcome() != null) {
                return null;
            }
            Snapshot<P> next = new Snapshot<>(outcome, current.privdata());
            if (state.compareAndSet(current, next)) {
                if (outcome != Outcome.TIMEOUT) {
                    cancelTimer();
                }
                return next;
            }
        }
    }

    private void cancelTimer() {
        ScheduledJob armed = timer;
        if (armed != null) {
            armed.cancel();
        }
    }

    private void post(String name, Consumer<? super P> callback, P privdata) {
        if (callback == null && (privdata == null || free == null)) {
            return; // nothing would run: spare the main thread a job
        }
        main.post(Job.named(name, () -> runThenFree(callback, privdata)));
    }

    /** The callback, then the free even if the callback threw; its failure is rethrown after. */
    private void runThenFree(Consumer<? super P> callback, P privdata) {
        try {
            if (callback != null) {
                callback.accept(privdata);
            }
        } finally {
            if (free != null && privdata != null) {
                free.accept(privdata);
            }
        }
    }

    /**
     * Builds a {@link MainQueueBlockedClient}: {@link #block()} blocks the client and arms its
     * timeout.
     *
     * <p><b>Thread-safety:</b> not thread-safe; confine a builder to one thread. A builder may
     * block several clients, each with the values set so far.
     *
     * @param <P> the privdata type
     */
    public static final class Builder<P> {

        private final MainQueue main;
        private Consumer<? super P> onReply;
        private Consumer<? super P> onTimeout;
        private Consumer<? super P> free;
        private Consumer<? super P> onDisconnect;
        private P privdata;
        private Duration timeout = Duration.ZERO;

        private Builder(MainQueue main) {
            this.main = main;
        }

        /**
         * Sets the reply callback, run on the main thread with the unblock's privdata.
         *
         * @param onReply the callback; null for none
         * @return this builder
         */
        public Builder<P> onReply(Consumer<? super P> onReply) {
            this.onReply = onReply;
            return this;
        }

        /**
         * Sets the timeout callback, run on the main thread with the privdata set so far.
         *
         * @param onTimeout the callback; null to time out silently (free only)
         * @return this builder
         */
        public Builder<P> onTimeout(Consumer<? super P> onTimeout) {
            this.onTimeout = onTimeout;
            return this;
        }

        /**
         * Sets the callback that frees the privdata, run on the main thread exactly once per
         * non-null privdata, after the winning callback.
         *
         * @param free the callback; null for none
         * @return this builder
         */
        public Builder<P> freePrivdata(Consumer<? super P> free) {
            this.free = free;
            return this;
        }

        /**
         * Sets the disconnect callback; {@link BlockedClient#setDisconnectCallback} can change it
         * later.
         *
         * @param onDisconnect the callback; null for none
         * @return this builder
         */
        public Builder<P> onDisconnect(Consumer<? super P> onDisconnect) {
            this.onDisconnect = onDisconnect;
            return this;
        }

        /**
         * Sets the privdata the client starts with (for the timeout and disconnect callbacks).
         *
         * @param privdata the privdata; may be null
         * @return this builder
         */
        public Builder<P> privdata(P privdata) {
            this.privdata = privdata;
            return this;
        }

        /**
         * Sets the timeout, counted from {@link #block()}.
         *
         * @param timeout how long the client may stay blocked; {@link Duration#ZERO} (the default)
         *                for no timeout; not null, not negative
         * @return this builder
         * @throws NullPointerException     if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is negative
         */
        public Builder<P> timeout(Duration timeout) {
            this.timeout = Checks.notNegative(timeout, "timeout");
            return this;
        }

        /**
         * Sets the timeout in milliseconds, as Redis's {@code timeout_ms}.
         *
         * @param timeoutMillis 0 for no timeout; not negative
         * @return this builder
         * @throws IllegalArgumentException if {@code timeoutMillis} is negative
         */
        public Builder<P> timeoutMillis(long timeoutMillis) {
            Checks.atLeast(timeoutMillis, 0, "timeoutMillis");
            this.timeout = Duration.ofMillis(timeoutMillis);
            return this;
        }

        /**
         * Blocks a client: returns it blocked, with its timer armed.
         *
         * @return the blocked client
         * @throws RejectedJobException if a timeout is set and the runtime is closed
         */
        public MainQueueBlockedClient<P> block() {
            return new MainQueueBlockedClient<>(this).armTimer(timeout);
        }
    }
}
