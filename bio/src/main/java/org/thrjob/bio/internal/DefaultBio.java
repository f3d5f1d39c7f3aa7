package org.thrjob.bio.internal;

import java.io.Closeable;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.thrjob.api.Job;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.Checks;
import org.thrjob.bio.Bio;
import org.thrjob.bio.BioJob;
import org.thrjob.bio.BioKind;
import org.thrjob.bio.BioStats;
import org.thrjob.bio.FsyncStatus;
import org.thrjob.bio.LazyFreeFunction;

/**
 * The {@link Bio} service: one {@link KindWorker} per kind, each on a dedicated queue of the
 * runtime, and the {@link CachedClock} their submissions are stamped from, whose ticker has a
 * dedicated queue of its own ({@value #CLOCK_QUEUE}), busy only while jobs are submitted. The
 * built-in kinds' workers are held in fields, so {@code close}, {@code fsync} and
 * {@code lazyFree} skip the kind lookup.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread. {@code register} and the
 * start of a close are serialized by {@link #registry}, briefly, so a registration never slips in
 * after a close has listed the workers; {@code close} and {@code closeNow} are serialized by
 * {@link #closing}, which a registration never waits for.
 */
public final class DefaultBio implements Bio {

    /** The queue (and thread) of the {@link CachedClock}'s ticker, busy only during submissions. */
    static final String CLOCK_QUEUE = "bio_clock";

    private final Thr thr;
    private final FsyncRecorder fsyncRecorder = new FsyncRecorder();
    private final CachedClock clock;
    private final KindWorker closeFile;
    private final KindWorker aofFsync;
    private final KindWorker lazyFree;
    private final Map<BioKind, KindWorker> byKind = new ConcurrentHashMap<>();
    private final List<KindWorker> workers = new CopyOnWriteArrayList<>();
    private final Object registry = new Object();
    private final Object closing = new Object();
    private volatile boolean closed;
    private boolean shutDown; // guarded by closing

    private DefaultBio(Thr thr) {
        this.thr = thr;
        this.clock = new CachedClock(thr.newDedicatedQueue(CLOCK_QUEUE), this::submissions);
        this.closeFile = newWorker(BioKind.CLOSE_FILE);
        this.aofFsync = newWorker(BioKind.AOF_FSYNC);
        this.lazyFree = newWorker(BioKind.LAZY_FREE);
    }

    /**
     * Starts the service; see {@link Bio#create(Thr)}.
     *
     * @param thr the runtime; not null, not closed
     * @return the service
     * @throws NullPointerException if {@code thr} is null
     * @throws RejectedJobException if {@code thr} is closed
     */
    public static Bio start(Thr thr) {
        Checks.notNull(thr, "thr");
        return new DefaultBio(thr);
    }

    private KindWorker newWorker(BioKind kind) {
        KindWorker worker = new KindWorker(kind, thr.newDedicatedQueue(kind.name()), clock);
        byKind.put(kind, worker);
        workers.add(worker);
        return worker;
    }

    @Override
    public Thr thr() {
        return thr;
    }

    @Override
    public BioKind register(String name) {
        BioKind kind = BioKind.named(name);
        synchronized (registry) {
            if (closed) {
                throw new RejectedJobException("cannot register bio kind '" + name + "': the Bio is closed");
            }
            if (byKind.containsKey(kind)) {
                throw new IllegalArgumentException("bio kind '" + name + "' is already registered with"
                        + " this Bio: register each kind once and keep the BioKind it returns");
            }
            newWorker(kind);
        }
        return kind;
    }

    @Override
    public List<BioKind> kinds() {
        List<BioKind> kinds = new ArrayList<>(workers.size());
        for (KindWorker worker : workers) {
            kinds.add(worker.kind());
        }
        return List.copyOf(kinds);
    }

    @Override
    public void close(Closeable closeable) {
        Checks.notNull(closeable, "closeable");
        closeFile.submit(new CloseJob(closeable));
    }

    @Override
    public void fsync(FileChannel channel) {
        fsync(channel, false);
    }

    @Override
    public void fsync(FileChannel channel, boolean metaData) {
        Checks.notNull(channel, "channel");
        aofFsync.submit(new FsyncJob(channel, metaData, fsyncRecorder));
    }

    @Override
    public void lazyFree(LazyFreeFunction fn, Object... args) {
        Checks.notNull(fn, "fn");
        Checks.notNull(args, "args");
        lazyFree.submit(new LazyFreeJob(fn, args.clone()));
    }

    @Override
    public void submit(BioKind kind, Job job) {
        KindWorker worker = worker(kind);
        Checks.notNull(job, "job");
        // A job taken back by closeNow is already a PendingJob, of its own kind: wrap it, so the
        // worker runs it as the user's job it now is.
        worker.submit(job instanceof PendingJob ? new UserJob(kind, job, 0L) : job);
    }

    @Override
    public void whenDone(BioKind kind, Job job) {
        KindWorker worker = worker(kind);
        Checks.notNull(job, "job");
        worker.submit(new CompletionRequest(kind, thr.mainQueue(), job));
    }

    @Override
    public long pending(BioKind kind) {
        return worker(kind).pending();
    }

    @Override
    public long waitStep(BioKind kind) {
        KindWorker worker = worker(kind);
        worker.awaitStep(Long.MAX_VALUE);
        return worker.pending();
    }

    @Override
    public void drain(BioKind kind) {
        worker(kind).drain(Long.MAX_VALUE);
    }

    @Override
    public boolean drain(BioKind kind, Duration timeout) {
        KindWorker worker = worker(kind);
        Checks.notNegative(timeout, "timeout");
        return worker.drain(deadline(timeout));
    }

    private static long deadline(Duration timeout) {
        long now = System.nanoTime();
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE - 1;
        }
        long deadline = now + nanos;
        return deadline < now || deadline == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : deadline;
    }

    @Override
    public Duration oldestPendingAge(BioKind kind) {
        return worker(kind).oldestPendingAge();
    }

    @Override
    public FsyncStatus fsyncStatus() {
        return fsyncRecorder.status();
    }

    @Override
    public BioStats stats(BioKind kind) {
        return worker(kind).stats();
    }

    @Override
    public List<BioStats> stats() {
        List<BioStats> stats = new ArrayList<>(workers.size());
        for (KindWorker worker : workers) {
            stats.add(worker.stats());
        }
        return List.copyOf(stats);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        checkNotOnWorker("close");
        synchronized (closing) {
            if (!shutDown) {
                markClosed(false);
                drainAll();
                shutDownAll();
            }
        }
    }

    /**
     * Refuses every kind, then publishes {@link #closed}: once {@link #isClosed()} says true, every
     * submission is refused, and no kind registers after the list was walked.
     *
     * @param stop whether the runners also stop after their current job ({@code closeNow})
     */
    private void markClosed(boolean stop) {
        synchronized (registry) {
            for (KindWorker worker : workers) {
                if (stop) {
                    worker.stop();
                } else {
                    worker.refuse();
                }
            }
            closed = true;
        }
    }

    private void drainAll() {
        boolean interrupted = Thread.interrupted();
        for (KindWorker worker : workers) {
            // Nothing submitted is dropped: wait for every kind, whatever interrupts come.
            for (;;) {
                try {
                    worker.drain(Long.MAX_VALUE);
                    break;
                } catch (java.util.concurrent.CancellationException e) {
                    interrupted |= Thread.interrupted();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<BioJob> closeNow() {
        checkNotOnWorker("closeNow");
        synchronized (closing) {
            if (shutDown) {
                return List.of();
            }
            markClosed(true);
            List<BioJob> notRun = new ArrayList<>();
            for (KindWorker worker : workers) {
                notRun.addAll(worker.takeBack());
            }
            shutDownAll();
            return List.copyOf(notRun);
        }
    }

    private void shutDownAll() {
        shutDown = true;
        for (KindWorker worker : workers) {
            worker.shutDown();
        }
        clock.close();
    }

    /** Every kind's submissions so far: the clock's ticker runs while this grows. */
    private long submissions() {
        long total = 0;
        for (KindWorker worker : workers) {
            total += worker.submitted();
        }
        return total;
    }

    private void checkNotOnWorker(String what) {
        for (KindWorker worker : workers) {
            if (worker.isCurrent()) {
                throw new IllegalStateException("cannot " + what + " a Bio from its own worker '"
                        + worker.kind() + "': it would wait for itself; close it from another thread");
            }
        }
    }

    private KindWorker worker(BioKind kind) {
        // The built-in kinds skip the map: a lookup is a fair part of a submission's cost.
        if (kind == BioKind.LAZY_FREE) {
            return lazyFree;
        } else if (kind == BioKind.AOF_FSYNC) {
            return aofFsync;
        } else if (kind == BioKind.CLOSE_FILE) {
            return closeFile;
        }
        Checks.notNull(kind, "kind");
        KindWorker worker = byKind.get(kind);
        if (worker == null) {
            throw new IllegalArgumentException("bio kind '" + kind + "' is unknown to this Bio: it"
                    + " knows " + kinds() + "; register it first with bio.register(\"" + kind + "\")");
        }
        return worker;
    }

    @Override
    public String toString() {
        return "Bio on " + thr.name() + (closed ? " (closed)" : "");
    }
}
