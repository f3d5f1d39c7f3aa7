package org.thrjob.ichannel.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thrjob.api.Mailbox;
import org.thrjob.api.MainQueue;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.Checks;
import org.thrjob.ichannel.ChannelConfig;
import org.thrjob.ichannel.ChannelStats;
import org.thrjob.ichannel.EventLoop;
import org.thrjob.ichannel.Reply;
import org.thrjob.ichannel.RequestHandler;
import org.thrjob.ichannel.SleepHook;
import org.thrjob.ichannel.Slot;

/**
 * The event loop (Redis's {@code aeMain} with lib-common's main queue in it).
 *
 * <h2>A turn</h2>
 * <ol>
 *   <li>drain the main queue: jobs, timers that fell due, and the reply mailbox's batch;</li>
 *   <li>write every connection that got replies this turn, once each;</li>
 *   <li>sleep in {@code select()}, with no timeout unless the cron has work (idle timeout, soft
 *       output limit), between the {@link SleepHook}'s {@code beforeSleep} and
 *       {@code afterSleep};</li>
 *   <li>accept, read and dispatch requests; a handler that replies at once has its reply written
 *       in the same turn;</li>
 *   <li>write again, and run the cron when due.</li>
 * </ol>
 * The main queue's wakeup hook is {@code selector::wakeup}: a job posted while the loop sleeps (or
 * is about to sleep: {@code wakeup} before {@code select} makes it return at once) wakes it with
 * no polling interval. A job the loop's own thread posts between waking and the end of the next
 * drain (from a handler, a job, the cron) needs no wakeup: that drain runs it before any select.
 *
 * <h2>Replies from other threads</h2>
 * The slot is claimed on the replying thread (so a second reply throws there), then handed to the
 * main thread through a {@link Mailbox}: the first reply into an empty mailbox posts one drain job,
 * the rest ride along. All the replies of a turn are encoded during step 1 and written in step 2,
 * one write per connection.
 *
 * <p><b>Thread-safety:</b> {@link #reply}, {@link #stop()} and the getters from any thread; the rest
 * on the loop's thread.
 */
public final class Loop implements EventLoop {

    private static final Logger LOG = LoggerFactory.getLogger(Loop.class);
    private static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    /** Redis's {@code MAX_ACCEPTS_PER_CALL}. */
    private static final int MAX_ACCEPTS_PER_CALL = 1000;
    /** Redis's default {@code tcp-backlog}. */
    private static final int BACKLOG = 511;

    private enum State { NEW, RUNNING, STOPPED }

    private final Thr thr;
    private final MainQueue main;
    /** Replaced by {@link #reconfigure} on the loop's thread; volatile for the getters. */
    private volatile ChannelConfig config;
    private final RequestHandler handler;
    private final SleepHook hook;
    /** Whether the hook's last call was an {@code afterSleep} that returned: one beforeSleep is due. */
    private boolean awake;
    /**
     * Loop thread only: set when the loop wakes, cleared once the turn's main-queue drain is done.
     * While set, a job the loop's own thread posts is run by that drain before the loop sleeps
     * again, so the main queue's wakeup hook skips {@code selector.wakeup()} (a write(2) to the
     * selector's eventfd, then a select that returns at once for nothing) for it.
     */
    private boolean drainAhead;
    private final Selector selector;
    /** The listener; replaced by {@link #reconfigure} on the loop's thread (CONFIG SET port). */
    private volatile ServerSocketChannel server;
    private volatile InetSocketAddress localAddress;
    private final Mailbox<SlotImpl> replies;
    private final Runnable wakeup;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object stateLock = new Object();
    private State state = State.NEW;
    private volatile boolean stopRequested;
    private volatile boolean running;
    private volatile boolean selecting;
    private volatile Thread thread;

    /* Loop thread only. */
    private final Map<Long, ConnectionImpl> connections = new LinkedHashMap<>();
    private final List<ConnectionImpl> dirty = new ArrayList<>();
    /**
     * The wall-clock time the loop's last select returned (keys or a wakeup): the connections' last
     * activity (Redis's {@code lastinteraction}, which reads its cached {@code server.unixtime}),
     * one clock read per turn rather than one per read and per write.
     */
    private long turnMillis = System.currentTimeMillis();
    /** The turn's copy of the selected keys, reused from turn to turn. */
    private SelectionKey[] keyScratch = new SelectionKey[16];
    /** The connection whose handler is running, whose reads wait (Redis's protected client). */
    private ConnectionImpl inHandler;
    /** Whether {@link #processEventsWhileBlocked()} is on the stack: a nested call does nothing. */
    private boolean pumping;
    private long nextId = 1;
    private long nextCronNanos;
    private volatile long accepted;
    private volatile long rejected;
    private volatile long protocolErrors;
    private volatile long limitCloses;
    private volatile long idleCloses;
    private volatile long turns;
    private volatile long writes;

    private Loop(Thr thr, ChannelConfig config, RequestHandler handler, SleepHook hook) throws IOException {
        this.thr = thr;
        this.main = thr.mainQueue();
        this.config = config;
        this.handler = handler;
        this.hook = hook;
        this.selector = Selector.open();
        this.wakeup = () -> {
            if (Thread.currentThread() == thread && drainAhead) {
                return; // posted by this turn's reads or jobs: the drain ahead runs it, no select between
            }
            selector.wakeup();
        };
        ServerSocketChannel listener;
        try {
            listener = listen(selector, config);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        this.server = listener;
        this.localAddress = (InetSocketAddress) listener.getLocalAddress();
        this.replies = Mailbox.create(main, 1 << 16, this::deliverAll);
    }

    /** Binds a listener for {@code config}'s address and registers it for accepts. */
    private static ServerSocketChannel listen(Selector selector, ChannelConfig config) throws IOException {
        ServerSocketChannel listener = null;
        try {
            listener = ServerSocketChannel.open();
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(config.bindAddress(), config.port()), BACKLOG);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            return listener;
        } catch (IOException e) {
            closeQuietly(listener);
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage() + " (choose another bind address or port)", e);
        } catch (RuntimeException e) {
            closeQuietly(listener);
            throw e;
        }
    }

    private static void closeQuietly(ServerSocketChannel listener) {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                LOG.debug("Closing a listener that failed to bind: {}", e.toString());
            }
        }
    }

    /**
     * Opens a loop; see {@link EventLoop#open}.
     *
     * @param thr     the runtime; not null
     * @param config  the configuration; not null
     * @param handler the request handler; not null
     * @param hook    runs around each sleep; not null
     * @return the loop
     * @throws IOException if the listener cannot be bound
     */
    public static Loop open(Thr thr, ChannelConfig config, RequestHandler handler, SleepHook hook)
            throws IOException {
        Checks.notNull(thr, "thr");
        Checks.notNull(config, "config");
        Checks.notNull(handler, "handler");
        Checks.notNull(hook, "hook");
        if (thr.isClosed()) {
            throw new RejectedJobException("cannot open an event loop on runtime '" + thr.name()
                    + "': it is closed");
        }
        return new Loop(thr, config, handler, hook);
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public void reconfigure(ChannelConfig next) throws IOException {
        Checks.notNull(next, "config");
        if (running) {
            checkInLoop("reconfigure");
        } else if (finished.getCount() == 0) {
            throw new IllegalStateException("the event loop on " + localAddress + " was stopped: it cannot"
                    + " be reconfigured; open a new one");
        }
        ChannelConfig now = config;
        if (!next.bindAddress().equals(now.bindAddress()) || next.port() != now.port()) {
            // As Redis's changeListenPort: bind the new listener first, so a failure changes nothing.
            ServerSocketChannel moved = listen(selector, next);
            ServerSocketChannel old = server;
            InetSocketAddress was = localAddress;
            server = moved;
            localAddress = (InetSocketAddress) moved.getLocalAddress();
            closeQuietly(old);
            LOG.info("Now listening on {} (was {})", localAddress, was);
        }
        config = next;
        nextCronNanos = 0; // a new idle timeout or soft limit sets the cron's period afresh
    }

    RequestHandler handler() {
        return handler;
    }

    // ------------------------------------------------------------------ the loop

    @Override
    public void run() {
        synchronized (stateLock) {
            if (state != State.NEW) {
                throw new IllegalStateException("the event loop on " + localAddress + " cannot run: it is "
                        + (state == State.RUNNING ? "running on " + thread.getName() : "stopped")
                        + "; open a new one");
            }
            state = State.RUNNING;
        }
        Thread self = Thread.currentThread();
        try {
            if (main.thread() != self) {
                main.bindToCurrentThread();
            }
        } catch (RuntimeException e) {
            synchronized (stateLock) {
                state = State.NEW;
            }
            throw e;
        }
        thread = self;
        running = true;
        main.onWakeup(wakeup);
        LOG.debug("Serving on {} on thread {}", localAddress, self.getName());
        try {
            serve();
        } finally {
            shutdown();
        }
    }

    private void serve() {
        wake();
        while (!stopRequested) {
            turns++;
            main.drain();
            drainAhead = false;
            flushDirty();
            if (stopRequested) {
                break;
            }
            long timeout = cronTimeoutMillis();
            int ready;
            sleep();
            selecting = true;
            try {
                ready = timeout == 0 ? selector.select() : selector.select(timeout);
            } catch (IOException e) {
                throw new UncheckedIOException("the event loop's select failed on " + localAddress, e);
            } finally {
                selecting = false;
            }
            wake();
            turnMillis = System.currentTimeMillis();
            if (ready > 0) {
                handleKeys(null, false);
            }
            flushDirty();
            runCronIfDue();
        }
    }

    /** The hook's afterSleep; {@link #awake} only once it returned, so a throw is not matched. */
    private void wake() {
        hook.afterSleep();
        awake = true;
        drainAhead = true;
    }

    /** The hook's beforeSleep, once per afterSleep that returned. */
    private void sleep() {
        if (awake) {
            awake = false;
            hook.beforeSleep();
        }
    }

    /**
     * Handles the keys the last select chose. They are copied out and the selector's set cleared
     * first: a handler may call {@link #processEventsWhileBlocked()}, whose own select refills
     * that set while this loop walks the copy (a key it handled meanwhile just finds nothing
     * left to read or write).
     *
     * @param skipReads the connection whose request is running (not read now), or null
     * @param nested    true while a handler is on the stack: the turn's array is in use then
     * @return how many keys had something handled
     */
    private int handleKeys(ConnectionImpl skipReads, boolean nested) {
        java.util.Set<SelectionKey> selected = selector.selectedKeys();
        int count = selected.size();
        SelectionKey[] keys = selected.toArray(nested ? new SelectionKey[count] : keyScratch);
        selected.clear();
        if (!nested) {
            keyScratch = keys; // the turn reuses its array; nested calls make their own
        }
        int handled = 0;
        for (int i = 0; i < count; i++) {
            SelectionKey key = keys[i];
            keys[i] = null;
            try {
                if (!key.isValid()) {
                    continue;
                }
                Object attachment = key.attachment();
                if (attachment == null) {
                    handled++;
                    accept();
                    continue;
                }
                ConnectionImpl connection = (ConnectionImpl) attachment;
                int ops = key.readyOps();
                boolean any = false;
                if ((ops & SelectionKey.OP_READ) != 0 && connection != skipReads) {
                    any = true;
                    connection.onReadable();
                }
                if ((ops & SelectionKey.OP_WRITE) != 0 && connection.isOpen()) {
                    any = true;
                    connection.flush();
                }
                if (any) {
                    handled++;
                }
            } catch (CancelledKeyException e) {
                // The connection closed while its events were handled: nothing left to do.
            }
        }
        return handled;
    }

    // ------------------------------------------------------------------ events while blocked

    /** On the loop's thread: the connection whose handler is running (dispatch sets it), or null. */
    ConnectionImpl inHandler(ConnectionImpl next) {
        ConnectionImpl was = inHandler;
        inHandler = next;
        return was;
    }

    @Override
    public int processEventsWhileBlocked() {
        checkInLoop("processEventsWhileBlocked");
        if (pumping || stopRequested) {
            return 0; // nested (a handler it dispatched called it again) or stopping
        }
        pumping = true;
        int events = 0;
        try {
            // Redis's four rounds: stop as soon as one finds nothing to do.
            for (int round = 0; round < 4 && !stopRequested; round++) {
                int ready;
                try {
                    ready = selector.selectNow();
                } catch (IOException e) {
                    throw new UncheckedIOException("the event loop's select failed on " + localAddress, e);
                }
                turnMillis = System.currentTimeMillis();
                int handled = ready > 0 || !selector.selectedKeys().isEmpty()
                        ? handleKeys(inHandler, true) : 0;
                flushDirty();
                events += handled;
                if (handled == 0) {
                    break;
                }
            }
        } finally {
            pumping = false;
        }
        return events;
    }

    private void accept() {
        for (int i = 0; i < MAX_ACCEPTS_PER_CALL; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                LOG.warn("Accepting a client connection on {}: {}", localAddress, e.toString());
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                if (connections.size() >= config.maxClients()) {
                    rejected++;
                    channel.write(ByteBuffer.wrap(MAX_CLIENTS)); // best effort, as Redis
                    channel.close();
                    continue;
                }
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                InetSocketAddress peer = (InetSocketAddress) channel.getRemoteAddress();
                ConnectionImpl connection = new ConnectionImpl(this, nextId++, channel, peer);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                connections.put(connection.id(), connection);
                accepted++;
            } catch (IOException e) {
                LOG.debug("Setting up a client connection on {}: {}", localAddress, e.toString());
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
        }
    }

    // ------------------------------------------------------------------ writes

    void markDirty(ConnectionImpl connection) {
        if (!connection.dirty) {
            connection.dirty = true;
            dirty.add(connection);
        }
    }

    private void flushDirty() {
        // A flush may close a connection but never marks another one dirty.
        for (int i = 0; i < dirty.size(); i++) {
            ConnectionImpl connection = dirty.get(i);
            connection.dirty = false;
            connection.flush();
        }
        dirty.clear();
    }

    void removed(ConnectionImpl connection) {
        connections.remove(connection.id());
    }

    // ------------------------------------------------------------------ the bridge

    @Override
    public void reply(Slot slot, Reply reply) {
        Checks.notNull(slot, "slot");
        Checks.notNull(reply, "reply");
        if (!(slot instanceof SlotImpl s) || s.loop != this) {
            throw new IllegalArgumentException(slot + " was not made by the event loop on " + localAddress
                    + ": reply through the loop whose handler received the request");
        }
        if (!s.claim()) {
            throw new IllegalStateException(s + " was answered already: a request gets exactly one reply");
        }
        s.reply = reply;
        if (Thread.currentThread() == thread) {
            s.connection.answered(s);
            return;
        }
        if (!s.connection.isOpen()) {
            s.reply = null; // the connection is gone: accepted and dropped
            return;
        }
        try {
            replies.offer(s);
        } catch (RejectedJobException e) {
            if (running && s.connection.isOpen()) {
                throw e;
            }
            // The runtime closed after the loop stopped: the connection is gone, the reply dropped.
        }
    }

    /** The mailbox's consumer, on the main thread: the replies workers gave since the last batch. */
    private void deliverAll(List<SlotImpl> slots) {
        for (SlotImpl slot : slots) {
            slot.connection.answered(slot);
        }
    }

    // ------------------------------------------------------------------ cron

    /** How long select may sleep: forever (0) unless the cron has something to check. */
    private long cronTimeoutMillis() {
        if (!cronNeeded()) {
            return 0;
        }
        long now = System.nanoTime();
        if (nextCronNanos == 0) {
            nextCronNanos = now + cronPeriodNanos();
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextCronNanos - now) + 1);
    }

    private boolean cronNeeded() {
        return !connections.isEmpty() && (config.idleTimeout().toNanos() > 0 || config.outputSoftLimit() > 0);
    }

    /** Redis checks its clients ten times a second; a short idle timeout is checked more often. */
    private long cronPeriodNanos() {
        long period = TimeUnit.MILLISECONDS.toNanos(100);
        long idle = config.idleTimeout().toNanos();
        if (idle > 0) {
            period = Math.min(period, Math.max(TimeUnit.MILLISECONDS.toNanos(10), idle / 4));
        }
        return period;
    }

    private void runCronIfDue() {
        if (!cronNeeded()) {
            nextCronNanos = 0;
            return;
        }
        long now = System.nanoTime();
        if (nextCronNanos != 0 && now - nextCronNanos < 0) {
            return;
        }
        nextCronNanos = now + cronPeriodNanos();
        long nowMillis = System.currentTimeMillis();
        for (ConnectionImpl connection : new ArrayList<>(connections.values())) {
            connection.cron(now, nowMillis);
        }
    }

    /** See {@link #turnMillis}; the loop's thread only. */
    long turnMillis() {
        return turnMillis;
    }

    void countProtocolError() {
        protocolErrors++;
    }

    void countLimitClose() {
        limitCloses++;
    }

    void countWrite() {
        writes++;
    }

    void countIdleClose() {
        idleCloses++;
    }

    // ------------------------------------------------------------------ stop

    @Override
    public void stop() {
        stopRequested = true;
        boolean closeHere;
        synchronized (stateLock) {
            closeHere = state == State.NEW;
            if (closeHere) {
                state = State.STOPPED;
            }
        }
        if (closeHere) {
            closeListener();
            finished.countDown();
        } else {
            selector.wakeup();
        }
    }

    /** On the loop's thread: writes what can go at once, closes everything, unhooks the queue. */
    private void shutdown() {
        try {
            main.onWakeup(null);
            running = false;
            // Replies given before stop get their chance: the mailbox's last batch, then one write.
            try {
                main.drain();
            } catch (RuntimeException e) {
                LOG.warn("Draining the main queue while stopping the event loop on {}", localAddress, e);
            }
            flushDirty();
            for (ConnectionImpl connection : new ArrayList<>(connections.values())) {
                connection.flush();
                connection.close();
            }
            dirty.clear();
            closeListener();
            LOG.debug("Stopped serving on {}", localAddress);
        } finally {
            try {
                sleep(); // the afterSleep of the last turn gets its beforeSleep
            } finally {
                stopEnded();
            }
        }
    }

    private void stopEnded() {
        synchronized (stateLock) {
            state = State.STOPPED;
        }
        thread = null;
        finished.countDown();
    }

    private void closeListener() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Closing the listener on {}: {}", localAddress, e.toString());
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.warn("Closing the selector of {}: {}", localAddress, e.toString());
        }
    }

    // ------------------------------------------------------------------ getters

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public boolean isSelecting() {
        return selecting;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public int port() {
        return localAddress.getPort();
    }

    void checkInLoop(String what) {
        Thread current = Thread.currentThread();
        Thread owner = thread;
        if (current != owner) {
            throw new IllegalStateException(what + " must be called on the event loop's thread ("
                    + (owner == null ? "not running" : owner.getName()) + ") but was called on "
                    + current.getName() + ": post a job to the main queue instead");
        }
    }

    @Override
    public ChannelStats stats() {
        State now;
        synchronized (stateLock) {
            now = state;
        }
        // Before run (nothing accepted yet) and after it, the loop's fields are still: read them.
        if (inEventLoop() || now == State.NEW || finished.getCount() == 0) {
            return snapshot();
        }
        CompletableFuture<ChannelStats> future;
        try {
            future = main.submit(this::snapshot);
        } catch (RejectedJobException e) {
            return awaitFinishedSnapshot();
        }
        while (true) {
            try {
                return future.get(10, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!running && finished.getCount() == 0) {
                    return snapshot(); // stopped before it ran the job
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("reading the event loop's stats failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the event loop's stats", e);
            }
        }
    }

    private ChannelStats awaitFinishedSnapshot() {
        try {
            if (!finished.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the event loop on " + localAddress
                        + " did not answer for its stats within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the event loop's stats", e);
        }
        return snapshot();
    }

    private ChannelStats snapshot() {
        long slots = 0;
        long output = 0;
        long query = 0;
        for (ConnectionImpl c : connections.values()) {
            slots += c.pendingSlots();
            output += c.outputBytes();
            query += c.queryBytes();
        }
        return new ChannelStats(connections.size(), accepted, rejected, protocolErrors, limitCloses,
                idleCloses, slots, output, query, turns, writes);
    }

    @Override
    public String toString() {
        return "event loop on " + localAddress + " (runtime " + thr.name() + ")";
    }
}
