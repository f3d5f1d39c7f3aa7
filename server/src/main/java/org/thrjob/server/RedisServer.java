package org.thrjob.server;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.bio.Bio;
import org.thrjob.blocking.CommandDispatcher;
import org.thrjob.blocking.CommandFlag;
import org.thrjob.blocking.CommandRegistry;
import org.thrjob.blocking.CommandSpec;
import org.thrjob.ichannel.ChannelConfig;
import org.thrjob.ichannel.Connection;
import org.thrjob.ichannel.EventLoop;
import org.thrjob.ichannel.Reply;
import org.thrjob.ichannel.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: a thr runtime, bio, the key space, the command table with its dispatcher, the
 * append-only file and ichannel's event loop, joined.
 *
 * <pre>{@code
 * RedisServer server = RedisServer.open(ServerConfig.parse("--port", "6390"));
 * server.run();     // serves on this thread until SHUTDOWN or stop(); then flushes and closes
 * }</pre>
 *
 * <p><b>Thread-safety:</b> {@link #run()} once, on the thread that becomes the main thread;
 * {@link #stop()}, {@link #port()} and {@link #awaitStopped} from any thread. Everything else is
 * the main thread's.
 */
public final class RedisServer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
    /** What the server reports as {@code redis_version}: the Redis whose behaviour it follows. */
    static final String REDIS_VERSION = "7.2.0";

    final ServerConfig config;
    final Thr thr;
    final Bio bio;
    private final KeyStore keys;
    final CommandRegistry registry;
    final CommandDispatcher dispatcher;
    final List<String> modules;
    final EventLoop loop;
    private final List<List<byte[]>> toReplay;
    AppendOnlyFile aof;
    private final Map<Long, Client> clients = new HashMap<>();
    /** The client of the last request (main thread): pipelined requests come in runs per client. */
    private Client lastClient;
    private final ReplayClient replayClient = new ReplayClient();
    private boolean loading;
    private boolean flushPosted;
    private final List<Slot> heldSlots = new ArrayList<>();
    private final List<Reply> heldReplies = new ArrayList<>();
    final Instant startedAt = Instant.now();
    final AtomicLong lazyfreed = new AtomicLong();
    final AtomicLong lazyfreePending = new AtomicLong();
    final ErrorStats errorStats = new ErrorStats();
    final SlowLog slowLog = new SlowLog(this);
    long dirty;
    long commandsOnConnection;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean shutdownAsked;

    private RedisServer(ServerConfig config) throws IOException {
        this.config = config;
        if (!config.provider().isEmpty()) {
            System.setProperty("thr.provider", config.provider());
        }
        if (!Files.isDirectory(config.dir())) {
            throw new ConfigException("bad value '" + config.dir() + "' for option 'dir': not a directory;"
                    + " create it or give another one");
        }
        toReplay = config.appendOnly() ? AofLoader.load(config.appendFile()) : List.of();
        this.thr = Thr.create(ThrConfig.builder().name("server").build());
        this.registry = new CommandRegistry(thr); // modules post their jobs on the server's runtime
        boolean ok = false;
        try {
            this.bio = Bio.create(thr);
            this.keys = new KeyStore(config.databases(), this::lazyFree);
            registerBuiltins();
            this.modules = registry.loadModules(null);
            GilMainQueue main = new GilMainQueue(thr.mainQueue(), () -> {
                if (aof != null) {
                    settle();
                }
            });
            this.dispatcher = new CommandDispatcher(main, registry, keys);
            keys.onDeleted((key, db) -> dispatcher.keyDeleted(db, key));
            main.gil(dispatcher.gil());
            dispatcher.observer(slowLog);
            if (config.appendOnly()) {
                aof = new AppendOnlyFile(config.appendFile(), config.appendFsync(), bio);
            }
            long[] limit = config.outputLimit();
            ChannelConfig.Builder channel = ChannelConfig.builder().bindAddress(config.bind())
                    .port(config.port()).maxClients(config.maxClients());
            if (!config.timeout().isZero()) {
                channel.idleTimeout(config.timeout());
            }
            if (limit[0] > 0 || limit[1] > 0) {
                channel.outputLimit(limit[0], limit[1], Duration.ofSeconds(limit[2]));
            }
            this.loop = EventLoop.open(thr, channel.build(), this::onRequest, new GilSleepHook(dispatcher.gil()));
            // RM_Yield on the main thread: the loop serves the other clients (they get -BUSY) while
            // the command runs; its own connection waits.
            dispatcher.busyReplyThreshold(config.busyReplyThreshold());
            EventLoop served = loop;
            dispatcher.eventPump(() -> {
                if (served.inEventLoop()) { // a yield once the loop has stopped serves nothing
                    served.processEventsWhileBlocked();
                }
            });
            ok = true;
        } finally {
            if (!ok) {
                closeRuntime();
            }
        }
    }

    /**
     * Builds the server and binds its port, without serving yet. A corrupt append-only file, a
     * port in use or a bad option fail here.
     *
     * @param config the options; not null
     * @return the server; call {@link #run()}
     * @throws IOException     if the port cannot be bound or the append-only file read
     * @throws ConfigException if an option cannot be used (dir missing, ...)
     */
    public static RedisServer open(ServerConfig config) throws IOException {
        return new RedisServer(java.util.Objects.requireNonNull(config, "config must not be null"));
    }

    private void registerBuiltins() {
        new StringCommands(this).register(registry);
        new ListCommands(this).register(registry);
        new HashSetCommands(this).register(registry);
        new KeyCommands(this).register(registry);
        new ServerCommands(this).register(registry);
        slowLog.register(registry);
    }

    /**
     * The port the server listens on.
     *
     * @return the port the server listens on
     */
    public int port() {
        return loop.port();
    }

    KeyStore keys() {
        return keys;
    }

    /**
     * The provider running the server's jobs.
     *
     * @return the provider running the server's jobs
     */
    public String providerName() {
        return thr.providerName();
    }

    /**
     * Serves on the calling thread until SHUTDOWN or {@link #stop()}, then shuts down gracefully:
     * flushes and syncs the append-only file, closes bio and the runtime.
     */
    public void run() {
        thr.mainQueue().post(this::replay);
        thr.mainQueue().post(this::cron);
        try {
            loop.run();
        } finally {
            try {
                if (aof != null) {
                    aof.close();
                }
            } catch (IOException e) {
                LOG.error("Closing the append-only file failed: {}", e.toString());
            } finally {
                closeRuntime();
                stopped.countDown();
            }
        }
        LOG.info("Redis-compatible server on port {} is now ready to exit, bye bye...", loop.port());
    }

    private void closeRuntime() {
        if (bio != null) {
            bio.close();
        }
        thr.close();
    }

    /** Stops serving; {@link #run()} returns after the graceful shutdown. Any thread. */
    public void stop() {
        shutdownAsked = true;
        loop.stop();
    }

    /**
     * Waits until {@link #run()} has finished its shutdown.
     *
     * @param timeout the longest wait
     * @return true if it finished
     * @throws InterruptedException if interrupted
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void replay() {
        if (toReplay.isEmpty()) {
            return;
        }
        dispatcher.gil().lock();
        loading = true;
        try {
            dispatcher.connect(replayClient);
            for (List<byte[]> command : toReplay) {
                dispatcher.submit(replayClient, command);
            }
            dispatcher.disconnect(replayClient);
        } finally {
            loading = false;
            dispatcher.gil().unlock();
        }
        LOG.info("DB loaded from append only file: {} commands ({} refused)", toReplay.size(), replayClient.errors);
        toReplay.clear();
    }

    /** Redis's serverCron, 10 times a second: active expiry, the everysec fsync. */
    private void cron() {
        if (shutdownAsked) {
            return;
        }
        dispatcher.gil().lock();
        try {
            keys.expireCycle(200);
        } finally {
            dispatcher.gil().unlock();
        }
        if (aof != null) {
            aof.flush(false);
            settle(); // a safety net: replies given outside a request or a dispatcher job
        }
        thr.mainQueue().postAfter(Duration.ofMillis(100), this::cron);
    }

    /** Hands a big value, or a flushed database (one object per key, as Redis), to bio. */
    private void lazyFree(Object value) {
        long objects = value instanceof KeyStore.FlushedDict f ? f.dict().size() : 1;
        lazyfreePending.addAndGet(objects);
        bio.lazyFree(args -> {
            Object v = args[0] instanceof KeyStore.FlushedDict f ? f.dict() : args[0];
            if (v instanceof java.util.Collection) {
                ((java.util.Collection<?>) v).clear();
            } else if (v instanceof Map) {
                ((Map<?, ?>) v).clear();
            }
            lazyfreePending.addAndGet(-objects);
            lazyfreed.addAndGet(objects);
        }, value);
    }

    /** Records a write for the append-only file ({@code propagate}). */
    void propagate(int db, List<byte[]> args) {
        dirty++;
        if (aof != null && !loading) {
            aof.feed(db, args);
        }
    }

    /**
     * Gives a slot its reply; with the append-only file on, not before the file was written (and,
     * with {@code always}, synced), as Redis writes the AOF in {@code beforeSleep} before the
     * replies. ichannel's loop writes a turn's replies as soon as its reads are handled, before
     * its main-queue drain, so the replies of a turn are held here and released by one main-queue
     * job, which that drain runs (posted from the loop's thread, it needs no selector wakeup): it
     * writes the file (one write and at most one fsync for the whole turn), then answers them.
     */
    void reply(Slot slot, Reply reply) {
        if (aof == null) {
            slot.reply(reply);
            return;
        }
        heldSlots.add(slot);
        heldReplies.add(reply);
    }

    /**
     * Decides about the replies held since the last call, once a request or a dispatcher job is
     * done (its command has propagated by then, whatever the order of reply and propagate in
     * it): with nothing to write they leave at once; otherwise one main-queue job writes the
     * file, then releases them.
     */
    void settle() {
        if (heldSlots.isEmpty() || flushPosted) {
            return;
        }
        if (!aof.hasPending()) {
            flushThenReply();
            return;
        }
        flushPosted = true;
        thr.mainQueue().post(this::flushThenReply);
    }

    private void flushThenReply() {
        flushPosted = false;
        if (aof != null && aof.hasPending()) {
            aof.flush(false);
        }
        for (int i = 0; i < heldSlots.size(); i++) {
            heldSlots.get(i).reply(heldReplies.get(i));
        }
        heldSlots.clear();
        heldReplies.clear();
    }

    /**
     * CONFIG SET appendonly yes: writes the data set to a new file (no fork: the main thread waits)
     * and appends every write from now on. Nothing to do when the file is on already.
     */
    void startAppendOnly() throws IOException {
        if (aof != null) {
            return;
        }
        long keysWritten = AofRewrite.write(keys, config.appendFile());
        aof = new AppendOnlyFile(config.appendFile(), config.appendFsync(), bio);
        LOG.info("Append only file enabled: {} keys written to {}", keysWritten, config.appendFile());
    }

    /**
     * CONFIG SET appendonly no: writes and syncs what is buffered, answers the replies that waited
     * for it, and closes the file through bio. Nothing to do when the file is off.
     */
    void stopAppendOnly() throws IOException {
        if (aof == null) {
            return;
        }
        AppendOnlyFile closing = aof;
        closing.endTransaction(); // CONFIG SET inside MULTI: what the block wrote so far is whole
        closing.flush(true);
        for (int i = 0; i < heldSlots.size(); i++) {
            heldSlots.get(i).reply(heldReplies.get(i));
        }
        heldSlots.clear();
        heldReplies.clear();
        aof = null;
        closing.close();
        LOG.info("Append only file disabled");
    }

    void select(long clientId, int db) {
        if (clientId == ReplayClient.ID) {
            replayClient.db = db;
            return;
        }
        Client c = clients.get(clientId);
        if (c != null) {
            c.connection.db(db);
        }
    }

    /**
     * Makes the client's next null reply a null array: modules-blocking's reply sink has one null,
     * Redis answers a null array where an array was due (BLPOP's timeout, LPOP with a count).
     */
    void nullArray(long clientId) {
        Client c = clients.get(clientId);
        if (c != null) {
            c.nullArrayNext = true;
        }
    }

    Client client(long id) {
        return clients.get(id);
    }

    Iterable<Client> clients() {
        return new ArrayList<>(clients.values());
    }

    int blockedClients() {
        return (int) dispatcher.stats().blockedNow();
    }

    /** SHUTDOWN: flushes happen in {@link #run()} once the loop returns. */
    void shutdown() {
        stop();
    }

    // ------------------------------------------------------------------ the request handler

    private Client clientOf(Connection connection) {
        Client last = lastClient;
        if (last != null && last.connection == connection) {
            return last; // a pipeline's next request: no map lookup
        }
        Client c = clients.get(connection.id());
        if (c == null) {
            c = new Client(this, connection, config.requirePass().isEmpty());
            clients.put(connection.id(), c);
            dispatcher.connect(c);
            Client closing = c;
            connection.onClose(conn -> {
                clients.remove(conn.id());
                if (lastClient == closing) {
                    lastClient = null;
                }
                dispatcher.disconnect(closing);
            });
        }
        lastClient = c;
        return c;
    }

    private void onRequest(Connection connection, List<byte[]> args, Slot slot) {
        Client c = clientOf(connection);
        commandsOnConnection++;
        byte[] name = args.get(0);
        if (ConnectionCommands.handle(this, c, args, slot)) {
            return;
        }
        if (!c.authenticated) {
            rejected(name, "NOAUTH Authentication required.");
            slot.reply(Reply.error("-NOAUTH Authentication required."));
            return;
        }
        if (refusedWhileBusy(c, name, args, slot)) {
            return;
        }
        if (c.multi != null) {
            queue(c, args, slot);
            return;
        }
        if (aof != null) {
            String error = aof.error();
            if (error != null) {
                CommandSpec spec = registry.lookup(name).orElse(null);
                if (spec != null && spec.flags().contains(CommandFlag.WRITE)) {
                    rejected(name, "MISCONF");
                    slot.reply(Reply.error("-MISCONF Errors writing to the AOF file: " + error));
                    return;
                }
            }
        }
        c.expect(slot);
        dispatcher.submit(c, args); // the loop's turn holds the GIL (GilSleepHook)
        if (aof != null) {
            settle();
        }
    }

    /**
     * Redis's check in {@code processCommand} while a module command yields with clients served
     * (the connection commands before it, AUTH, HELLO, QUIT, MULTI, EXEC, DISCARD, are all
     * allowed while busy, as in Redis): a known command with the right arity that is not
     * {@code allow-busy} gets {@code -BUSY <the module's text>}, counted as a rejected call.
     */
    private boolean refusedWhileBusy(Client c, byte[] name, List<byte[]> args, Slot slot) {
        String busy = dispatcher.busyReply();
        if (busy == null || dispatcher.mustWait(c)) {
            return false; // a blocked client's requests wait for its reply, unread by Redis
        }
        CommandSpec spec = registry.lookup(name).orElse(null);
        if (spec == null || !spec.acceptsArgc(args.size()) || spec.flags().contains(CommandFlag.ALLOW_BUSY)) {
            return false;
        }
        rejected(name, busy);
        slot.reply(Reply.error("-" + busy));
        return true;
    }

    /** A request refused before running: Redis's rejectCommand counts it twice over. */
    private void rejected(byte[] name, String error) {
        errorStats.count(error);
        dispatcher.gil().lock();
        try {
            dispatcher.rejected(name);
        } finally {
            dispatcher.gil().unlock();
        }
    }

    /** A command after MULTI: checked now (a bad one dooms EXEC), run at EXEC. */
    private void queue(Client c, List<byte[]> args, Slot slot) {
        CommandSpec spec = registry.lookup(args.get(0)).orElse(null);
        if (spec == null) {
            c.multiDirty = true;
            errorStats.count("ERR");
            slot.reply(Reply.error("-" + CommandRegistry.unknownCommandError(args)));
        } else if (!spec.acceptsArgc(args.size())) {
            c.multiDirty = true;
            rejected(args.get(0), "ERR");
            slot.reply(Reply.error("-" + CommandRegistry.wrongArityError(spec.name())));
        } else {
            c.multi.add(args);
            slot.reply(Reply.simple("QUEUED"));
        }
    }

    /** EXEC: the queued commands run in one go through the dispatcher. */
    void exec(Client c, Slot slot) {
        List<List<byte[]>> commands = c.multi;
        boolean dirtyExec = c.multiDirty;
        c.endMulti();
        if (dirtyExec) {
            slot.reply(Reply.error("-EXECABORT Transaction discarded because of previous errors."));
            return;
        }
        c.expect(slot);
        if (aof != null) {
            aof.beginTransaction(); // written as MULTI ... EXEC: replayed whole or not at all
        }
        try {
            dispatcher.exec(c, commands); // the loop's turn holds the GIL (GilSleepHook)
        } finally {
            if (aof != null) {
                aof.endTransaction();
            }
        }
        if (aof != null) {
            settle();
        }
    }
}
