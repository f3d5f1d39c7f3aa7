package org.thrjob.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.thrjob.api.FailureHandler;
import org.thrjob.api.Job;
import org.thrjob.api.JobFailedException;
import org.thrjob.api.JobQueue;
import org.thrjob.api.MainQueue;
import org.thrjob.api.QueueStats;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.ScheduledJob;
import org.thrjob.api.Syn;
import org.thrjob.api.SynLocal;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.ThrQueue;
import org.thrjob.api.ThrStats;

/**
 * A deliberately simple runtime for the TCK's own tests: one shared task deque, workers that
 * poll it, waits that help by polling it too, and one switchable {@link Flaw} at a time. Without a
 * flaw it passes the TCK tests that {@code TckCanFailTest} selects; with one, the test aimed at
 * that flaw must fail. It is correct enough for those tests, not a provider.
 */
final class SimpleThr implements Thr {

    /** What is broken on purpose. */
    enum Flaw {
        NONE,
        /** {@code await} never rethrows the round's failures. */
        LOSES_SYN_FAILURES,
        /** A new round forgets the failures of the last one even when no await reported them. */
        FORGETS_UNREPORTED_FAILURES,
        /** A failure wakes the waiters at once, before the other jobs of the round ended. */
        WAKES_WAITERS_ON_FAILURE,
        /** {@code whenDone} posts its continuation twice. */
        WHEN_DONE_TWICE,
        /** {@code forEach} never calls the last index. */
        FOR_EACH_SKIPS_LAST_INDEX,
        /** Timers fire after half their delay. */
        TIMERS_FIRE_EARLY,
        /** {@code cancel} says yes and the job runs anyway. */
        CANCEL_IGNORED,
        /** {@code SynLocal} hands every thread the same value. */
        SYN_LOCAL_SHARED,
        /** Every 1000th unordered job is counted as done but never runs. */
        DROPS_EVERY_1000TH_JOB,
        /** A serial queue's internal drain task is counted as a posted and run job. */
        COUNTS_DRAIN_TASKS
    }

    private final String name;
    private final int parallelism;
    private final Flaw flaw;
    private final FailureHandler failureHandler;
    private final LinkedBlockingDeque<Runnable> tasks = new LinkedBlockingDeque<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Integer> index = ThreadLocal.withInitial(() -> -1);
    private final ThreadLocal<Object> currentQueue = new ThreadLocal<>();
    private final ScheduledThreadPoolExecutor timers;
    private final Set<Timer> armed = ConcurrentHashMap.newKeySet();
    private final Set<SimpleQueue> queues = ConcurrentHashMap.newKeySet();
    private final SimpleMainQueue main = new SimpleMainQueue();
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong run = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong scheduled = new AtomicLong();
    private final AtomicInteger spares = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean stopping;

    private SimpleThr(ThrConfig config, Flaw flaw) {
        this.name = config.name();
        this.parallelism = config.parallelism();
        this.flaw = flaw;
        // The selected tests fail jobs on purpose: the default handler stays quiet.
        this.failureHandler = config.failureHandler().orElse((job, where, failure) -> {
        });
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, name + "-simple-timer");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
    }

    static SimpleThr start(ThrConfig config, Flaw flaw) {
        SimpleThr thr = new SimpleThr(config, flaw);
        for (int i = 0; i < thr.parallelism; i++) {
            thr.startWorker(i, () -> thr.stopping);
        }
        return thr;
    }

    private void startWorker(int workerIndex, BooleanSupplier stop) {
        String role = workerIndex < parallelism ? "worker-" + workerIndex : "spare-" + workerIndex;
        Thread thread = new Thread(() -> {
            index.set(workerIndex);
            while (!stop.getAsBoolean()) {
                try {
                    Runnable task = tasks.poll(5, TimeUnit.MILLISECONDS);
                    if (task != null) {
                        runTask(task);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, name + "-simple-" + role);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } finally {
            outstanding.decrementAndGet();
        }
    }

    private void submitTask(Runnable task) {
        outstanding.incrementAndGet();
        tasks.add(task);
    }

    private boolean onOwnThread() {
        return index.get() >= 0;
    }

    private void checkOpen(String what) {
        if (stopping || (closed && !onOwnThread())) {
            throw new RejectedJobException(what + " is closed");
        }
    }

    /** Runs a job: counts it, reports its failure, tells its syn. */
    private void runJob(Job job, String where, SimpleSyn syn, boolean countRun) {
        try {
            job.run();
        } catch (Throwable failure) {
            failed.incrementAndGet();
            if (syn != null) {
                syn.fail(failure);
            }
            try {
                failureHandler.jobFailed(job, where, failure);
            } catch (RuntimeException | Error ignored) {
                // SPEC rule 2.5: a failing handler kills nothing
            }
        } finally {
            if (countRun) {
                run.incrementAndGet();
            }
            if (syn != null) {
                syn.done();
            }
        }
    }

    /**
     * Waits until {@code done} holds or the deadline passes, running main jobs on the main thread
     * and queued tasks on a worker meanwhile.
     */
    private boolean helpUntil(BooleanSupplier done, long deadline, Object monitor) {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (Thread.currentThread() == main.thread && main.drainOneInternal()) {
                continue;
            }
            if (onOwnThread()) {
                Runnable task = tasks.pollLast();
                if (task != null) {
                    runTask(task);
                    continue;
                }
            }
            synchronized (monitor) {
                if (!done.getAsBoolean()) {
                    try {
                        monitor.wait(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CancellationException("interrupted while waiting");
                    }
                }
            }
        }
        return true;
    }

    private static long deadline(Duration timeout) {
        long nanos = timeout.toNanos();
        return System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String providerName() {
        return SimpleProvider.NAME;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public int workerIndex() {
        return index.get();
    }

    @Override
    public void schedule(Job job) {
        Objects.requireNonNull(job, "job must not be null");
        schedule(null, job);
    }

    @Override
    public void schedule(Syn syn, Job job) {
        Objects.requireNonNull(job, "job must not be null");
        checkOpen("runtime " + name);
        SimpleSyn simpleSyn = (SimpleSyn) syn;
        posted.incrementAndGet();
        if (simpleSyn != null) {
            simpleSyn.attach();
        }
        if (flaw == Flaw.DROPS_EVERY_1000TH_JOB && scheduled.incrementAndGet() % 1_000 == 0) {
            run.incrementAndGet();
            if (simpleSyn != null) {
                simpleSyn.done();
            }
            return;
        }
        submitTask(() -> runJob(job, name, simpleSyn, true));
    }

    @Override
    public ScheduledJob postAfter(Duration delay, Job job) {
        return arm(delay, job, null);
    }

    private ScheduledJob arm(Duration delay, Job job, JobQueue queue) {
        Objects.requireNonNull(delay, "delay must not be null");
        Objects.requireNonNull(job, "job must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative but was " + delay);
        }
        checkOpen("runtime " + name);
        Timer timer = new Timer(job, queue);
        armed.add(timer);
        long nanos = delay.toNanos();
        if (flaw == Flaw.TIMERS_FIRE_EARLY) {
            nanos /= 2;
        }
        timers.schedule(timer::fire, nanos, TimeUnit.NANOSECONDS);
        return timer;
    }

    /** A delayed job: one CAS decides between cancelled and posted. */
    private final class Timer implements ScheduledJob {
        private final Job job;
        private final JobQueue queue;
        private final AtomicInteger state = new AtomicInteger(); // 0 armed, 1 cancelled, 2 posted

        Timer(Job job, JobQueue queue) {
            this.job = job;
            this.queue = queue;
        }

        void fire() {
            armed.remove(this);
            boolean post = flaw == Flaw.CANCEL_IGNORED ? state.getAndSet(2) != 2 : state.compareAndSet(0, 2);
            if (post) {
                try {
                    if (queue == null) {
                        schedule(job);
                    } else {
                        queue.post(job);
                    }
                } catch (RejectedJobException closedMeanwhile) {
                    // the runtime closed first: SPEC rule 7.6 cancels it
                }
            }
        }

        @Override
        public boolean cancel() {
            return state.compareAndSet(0, 1);
        }

        @Override
        public boolean isCancelled() {
            return state.get() == 1;
        }

        @Override
        public boolean isPosted() {
            return state.get() == 2;
        }
    }

    @Override
    public ThrQueue newQueue(String queueName) {
        return newQueue(queueName, 1);
    }

    @Override
    public ThrQueue newQueue(String queueName, int width) {
        Objects.requireNonNull(queueName, "name must not be null");
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1 but was " + width);
        }
        checkOpen("runtime " + name);
        SimpleQueue queue = new SimpleQueue(queueName, width);
        queues.add(queue);
        return queue;
    }

    @Override
    public ThrQueue newDedicatedQueue(String queueName) {
        throw new UnsupportedOperationException("not needed by the selected TCK tests");
    }

    @Override
    public MainQueue mainQueue() {
        return main;
    }

    @Override
    public Syn newSyn() {
        return new SimpleSyn();
    }

    @Override
    public void forEach(int count, IntConsumer body) {
        Objects.requireNonNull(body, "body must not be null");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0 but was " + count);
        }
        int end = flaw == Flaw.FOR_EACH_SKIPS_LAST_INDEX ? count - 1 : count;
        int chunk = Math.max(1, (count + 2 * parallelism - 1) / (2 * parallelism));
        SimpleSyn syn = new SimpleSyn();
        syn.attach(); // the caller holds the round open until every chunk is attached
        for (int start = 0; start < end; start += chunk) {
            int from = start;
            int to = Math.min(end, start + chunk);
            schedule(syn, () -> {
                for (int i = from; i < to; i++) {
                    try {
                        body.accept(i);
                    } catch (RuntimeException | Error failure) {
                        syn.fail(failure); // one index failing must not skip the others
                    }
                }
            });
        }
        syn.done();
        syn.await();
    }

    @Override
    public <T> T blocking(Callable<T> call) throws Exception {
        Objects.requireNonNull(call, "call must not be null");
        if (!onOwnThread()) {
            return call.call();
        }
        // A spare worker polls the shared deque while this one blocks.
        boolean[] done = new boolean[1];
        Object flag = new Object();
        startWorker(parallelism + spares.getAndIncrement(), () -> {
            synchronized (flag) {
                return done[0] || stopping;
            }
        });
        try {
            return call.call();
        } finally {
            synchronized (flag) {
                done[0] = true;
            }
        }
    }

    @Override
    public void blocking(Job job) throws Exception {
        Objects.requireNonNull(job, "job must not be null");
        blocking(() -> {
            job.run();
            return null;
        });
    }

    /** A future whose async stages stay on an executor of this runtime. */
    private static final class SimpleFuture<T> extends CompletableFuture<T> {
        private final Executor executor;

        SimpleFuture(Executor executor) {
            this.executor = executor;
        }

        @Override
        public Executor defaultExecutor() {
            return executor;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new SimpleFuture<>(executor);
        }
    }

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> job) {
        Objects.requireNonNull(job, "job must not be null");
        SimpleFuture<T> future = new SimpleFuture<>(executor());
        schedule(() -> {
            try {
                future.complete(job.call());
            } catch (Throwable failure) {
                future.completeExceptionally(failure);
            }
        });
        return future;
    }

    @Override
    public Executor executor() {
        return command -> schedule(command::run);
    }

    @Override
    public ThrStats stats() {
        List<QueueStats> list = new ArrayList<>();
        list.add(new QueueStats(main.name(), 1, 0, 0, main.pending()));
        for (SimpleQueue queue : queues) {
            if (queue.pending() > 0) {
                list.add(new QueueStats(queue.name, queue.width, 0, 0, queue.pending()));
            }
        }
        return new ThrStats(name, SimpleProvider.NAME, parallelism, posted.get(), run.get(),
                failed.get(), ThrStats.NOT_TRACKED, ThrStats.NOT_TRACKED, ThrStats.NOT_TRACKED,
                ThrStats.NOT_TRACKED, list);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (onOwnThread()) {
            throw new IllegalStateException("close() from a worker of " + name);
        }
        if (stopping) {
            return;
        }
        closed = true;
        Object monitor = new Object();
        helpUntil(() -> outstanding.get() == 0 && (Thread.currentThread() != main.thread
                || main.pending() == 0), Long.MAX_VALUE / 4 + System.nanoTime(), monitor);
        for (Timer timer : armed) {
            timer.cancel();
        }
        timers.shutdownNow();
        stopping = true;
        try {
            for (Thread thread : threads) {
                thread.join();
            }
            timers.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Syn: a pending count and the round's failures under one monitor. A round starts with the
     * failures no await reported and no continuation was posted for (SPEC rule 5.6).
     */
    private final class SimpleSyn implements Syn {
        private long pending;
        private long rounds;
        private boolean failedEarly;
        private List<Throwable> current = new ArrayList<>();
        private List<Throwable> last = List.of();
        private List<Throwable> unreported = List.of();
        private List<Runnable> continuations = new ArrayList<>();

        synchronized void attach() {
            if (pending++ == 0) {
                current = new ArrayList<>(flaw == Flaw.FORGETS_UNREPORTED_FAILURES ? List.of() : unreported);
                failedEarly = false;
            }
        }

        synchronized void reported(List<Throwable> report) {
            if (unreported == report) {
                unreported = List.of();
            }
        }

        synchronized void fail(Throwable failure) {
            current.add(failure);
            if (flaw == Flaw.WAKES_WAITERS_ON_FAILURE) {
                failedEarly = true;
                last = List.copyOf(current);
                notifyAll();
            }
        }

        void done() {
            List<Runnable> toPost;
            synchronized (this) {
                if (--pending != 0) {
                    return;
                }
                rounds++;
                last = List.copyOf(current);
                toPost = continuations;
                continuations = new ArrayList<>();
                unreported = toPost.isEmpty() ? last : List.of();
                notifyAll();
            }
            toPost.forEach(Runnable::run);
        }

        private synchronized boolean roundOver(long round) {
            return pending == 0 || rounds != round || failedEarly;
        }

        private boolean waitRound(Duration timeout) {
            long round;
            synchronized (this) {
                round = rounds;
            }
            if (!helpUntil(() -> roundOver(round), deadline(timeout), this)) {
                return false;
            }
            List<Throwable> failures;
            synchronized (this) {
                failures = last;
            }
            reported(failures);
            if (!failures.isEmpty() && flaw != Flaw.LOSES_SYN_FAILURES) {
                JobFailedException e = new JobFailedException("jobs of a syn failed", failures.get(0));
                failures.subList(1, failures.size()).forEach(e::addSuppressed);
                throw e;
            }
            return true;
        }

        @Override
        public void await() {
            waitRound(Duration.ofDays(365));
        }

        @Override
        public boolean await(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative but was " + timeout);
            }
            return waitRound(timeout);
        }

        @Override
        public boolean awaitUntil(BooleanSupplier condition) {
            Objects.requireNonNull(condition, "condition must not be null");
            helpUntil(() -> condition.getAsBoolean() || pending() == 0, deadline(Duration.ofDays(365)), this);
            return condition.getAsBoolean();
        }

        @Override
        public void whenDone(JobQueue queue, Job job) {
            Objects.requireNonNull(queue, "queue must not be null");
            Objects.requireNonNull(job, "job must not be null");
            int times = flaw == Flaw.WHEN_DONE_TWICE ? 2 : 1;
            Runnable post = () -> {
                for (int i = 0; i < times; i++) {
                    queue.post(job);
                }
            };
            List<Throwable> report;
            synchronized (this) {
                if (pending > 0) {
                    continuations.add(post);
                    return;
                }
                report = last;
            }
            post.run();
            reported(report);
        }

        @Override
        public <T> SynLocal<T> local(Supplier<? extends T> initial) {
            Objects.requireNonNull(initial, "initial must not be null");
            Map<Thread, T> values = new ConcurrentHashMap<>();
            return new SynLocal<>() {
                @Override
                public T get() {
                    Thread key = flaw == Flaw.SYN_LOCAL_SHARED ? main.thread : Thread.currentThread();
                    return values.computeIfAbsent(key, k -> Objects.requireNonNull(initial.get(),
                            "the initial supplier returned null"));
                }

                @Override
                public List<T> collect() {
                    return List.copyOf(values.values());
                }
            };
        }

        @Override
        public synchronized long pending() {
            return pending;
        }

        @Override
        public synchronized List<Throwable> failures() {
            return pending == 0 ? last : List.copyOf(current);
        }
    }

    /** A queue of width {@code width}: at most that many of its jobs run at once, in post order. */
    private final class SimpleQueue implements ThrQueue {
        private final String name;
        private final int width;
        private final ConcurrentLinkedQueue<Runnable> backlog = new ConcurrentLinkedQueue<>();
        private final AtomicLong pendingJobs = new AtomicLong();
        private int active;
        private volatile boolean queueClosed;

        SimpleQueue(String name, int width) {
            this.name = name;
            this.width = width;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void post(Job job) {
            post(null, job);
        }

        @Override
        public void post(Syn syn, Job job) {
            Objects.requireNonNull(job, "job must not be null");
            if (queueClosed) {
                throw new RejectedJobException("queue " + name + " is closed");
            }
            checkOpen("queue " + name);
            SimpleSyn simpleSyn = (SimpleSyn) syn;
            if (simpleSyn != null) {
                simpleSyn.attach();
            }
            posted.incrementAndGet();
            pendingJobs.incrementAndGet();
            backlog.add(() -> {
                try {
                    runJob(job, name, simpleSyn, true);
                } finally {
                    pendingJobs.decrementAndGet();
                }
            });
            synchronized (this) {
                if (active < width) {
                    active++;
                    if (flaw == Flaw.COUNTS_DRAIN_TASKS) {
                        posted.incrementAndGet();
                        run.incrementAndGet();
                    }
                    submitTask(this::drain);
                }
            }
        }

        private void drain() {
            Object saved = currentQueue.get();
            currentQueue.set(this);
            try {
                for (int i = 0; i < 64; i++) {
                    Runnable next;
                    synchronized (this) {
                        next = backlog.poll();
                        if (next == null) {
                            active--;
                            return;
                        }
                    }
                    next.run();
                }
                submitTask(this::drain); // yield after a batch, keeping the slot
            } finally {
                currentQueue.set(saved);
            }
        }

        @Override
        public ScheduledJob postAfter(Duration delay, Job job) {
            return arm(delay, job, this);
        }

        @Override
        public void sync(Job job) {
            sync(() -> {
                job.run();
                return null;
            });
        }

        @Override
        public <T> T sync(Callable<T> job) {
            Objects.requireNonNull(job, "job must not be null");
            List<T> result = new CopyOnWriteArrayList<>();
            if (isCurrent()) {
                try {
                    return job.call();
                } catch (Exception e) {
                    throw new JobFailedException("sync job on " + name + " failed", e);
                }
            }
            Syn syn = newSyn();
            post(syn, () -> result.add(job.call()));
            syn.await();
            return result.isEmpty() ? null : result.get(0);
        }

        @Override
        public boolean isCurrent() {
            return currentQueue.get() == this;
        }

        @Override
        public long pending() {
            return pendingJobs.get();
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public boolean isDedicated() {
            return false;
        }

        @Override
        public boolean isClosed() {
            return queueClosed || closed;
        }

        @Override
        public void close() {
            close(true);
        }

        @Override
        public void close(boolean wait) {
            queueClosed = true;
            queues.remove(this);
            if (wait) {
                helpUntil(() -> pendingJobs.get() == 0, deadline(Duration.ofDays(365)), new Object());
            }
        }
    }

    /** The main queue: jobs wait until the main thread drains them. */
    private final class SimpleMainQueue implements MainQueue {
        private final ConcurrentLinkedQueue<Runnable> jobs = new ConcurrentLinkedQueue<>();
        private final AtomicLong pendingJobs = new AtomicLong();
        private volatile Thread thread = Thread.currentThread();
        private volatile Runnable wakeup;

        @Override
        public String name() {
            return "main";
        }

        @Override
        public void post(Job job) {
            post(null, job);
        }

        @Override
        public void post(Syn syn, Job job) {
            Objects.requireNonNull(job, "job must not be null");
            checkOpen("main queue of " + SimpleThr.this.name);
            SimpleSyn simpleSyn = (SimpleSyn) syn;
            if (simpleSyn != null) {
                simpleSyn.attach();
            }
            posted.incrementAndGet();
            boolean wasEmpty = pendingJobs.getAndIncrement() == 0;
            jobs.add(() -> {
                try {
                    runJob(job, "main", simpleSyn, true);
                } finally {
                    pendingJobs.decrementAndGet();
                }
            });
            Runnable hook = wakeup;
            if (wasEmpty && hook != null) {
                hook.run();
            }
            LockSupport.unpark(thread);
        }

        boolean drainOneInternal() {
            Runnable job = jobs.poll();
            if (job == null) {
                return false;
            }
            Object saved = currentQueue.get();
            currentQueue.set(this);
            try {
                job.run();
            } finally {
                currentQueue.set(saved);
            }
            return true;
        }

        private void checkThread() {
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("drained from " + Thread.currentThread().getName()
                        + " but the main thread is " + thread.getName());
            }
        }

        @Override
        public ScheduledJob postAfter(Duration delay, Job job) {
            return arm(delay, job, this);
        }

        @Override
        public void sync(Job job) {
            sync(() -> {
                job.run();
                return null;
            });
        }

        @Override
        public <T> T sync(Callable<T> job) {
            Objects.requireNonNull(job, "job must not be null");
            if (Thread.currentThread() == thread) {
                try {
                    return job.call();
                } catch (Exception e) {
                    throw new JobFailedException("sync job on the main queue failed", e);
                }
            }
            List<T> result = new CopyOnWriteArrayList<>();
            Syn syn = newSyn();
            post(syn, () -> result.add(job.call()));
            syn.await();
            return result.isEmpty() ? null : result.get(0);
        }

        @Override
        public boolean isCurrent() {
            return Thread.currentThread() == thread;
        }

        @Override
        public long pending() {
            return pendingJobs.get();
        }

        @Override
        public boolean drainOne() {
            checkThread();
            return drainOneInternal();
        }

        @Override
        public int drain() {
            checkThread();
            int ran = 0;
            while (drainOneInternal()) {
                ran++;
            }
            return ran;
        }

        @Override
        public void runUntil(BooleanSupplier condition) {
            runUntil(condition, Duration.ofDays(365));
        }

        @Override
        public boolean runUntil(BooleanSupplier condition, Duration timeout) {
            Objects.requireNonNull(condition, "condition must not be null");
            checkThread();
            long deadline = deadline(timeout);
            while (!condition.getAsBoolean()) {
                if (drainOneInternal()) {
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)));
            }
            return true;
        }

        @Override
        public void onWakeup(Runnable hook) {
            this.wakeup = hook;
        }

        @Override
        public void bindToCurrentThread() {
            this.thread = Thread.currentThread();
        }

        @Override
        public Thread thread() {
            return thread;
        }
    }
}
