package org.thrjob.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A main queue without a runtime, for unit tests of the helpers written against the API: posts
 * are kept until the test drains them, timers fire only when the test says so, and failed jobs are
 * collected instead of logged. Posting is thread-safe; draining is for one thread at a time.
 */
final class FakeMainQueue implements MainQueue {

    private final ConcurrentLinkedQueue<Job> jobs = new ConcurrentLinkedQueue<>();
    private final List<Timer> timers = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger posted = new AtomicInteger();
    private volatile boolean closed;

    /** A timer armed by {@link #postAfter}; {@link #fire()} posts its job as if it were due. */
    static final class Timer implements ScheduledJob {
        final Duration delay;
        final Job job;
        private final FakeMainQueue queue;
        private final AtomicInteger state = new AtomicInteger(); // 0 armed, 1 cancelled, 2 posted

        Timer(FakeMainQueue queue, Duration delay, Job job) {
            this.queue = queue;
            this.delay = delay;
            this.job = job;
        }

        boolean fire() {
            if (state.compareAndSet(0, 2)) {
                queue.post(job);
                return true;
            }
            return false;
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

    void close() {
        closed = true;
    }

    List<Timer> timers() {
        return timers;
    }

    List<Throwable> failures() {
        return failures;
    }

    int posted() {
        return posted.get();
    }

    @Override
    public String name() {
        return "fake-main";
    }

    @Override
    public void post(Job job) {
        Objects.requireNonNull(job, "job must not be null");
        if (closed) {
            throw new RejectedJobException("fake-main is closed");
        }
        posted.incrementAndGet();
        jobs.add(job);
    }

    @Override
    public void post(Syn syn, Job job) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public ScheduledJob postAfter(Duration delay, Job job) {
        if (closed) {
            throw new RejectedJobException("fake-main is closed");
        }
        Timer timer = new Timer(this, delay, job);
        timers.add(timer);
        return timer;
    }

    @Override
    public void sync(Job job) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public <T> T sync(Callable<T> job) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public boolean isCurrent() {
        return true;
    }

    @Override
    public long pending() {
        return jobs.size();
    }

    @Override
    public boolean drainOne() {
        Job job = jobs.poll();
        if (job == null) {
            return false;
        }
        try {
            job.run();
        } catch (Exception | Error failure) {
            failures.add(failure);
        }
        return true;
    }

    @Override
    public int drain() {
        int ran = 0;
        while (drainOne()) {
            ran++;
        }
        return ran;
    }

    @Override
    public void runUntil(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (!drainOne()) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public boolean runUntil(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (!drainOne()) {
                Thread.onSpinWait();
            }
        }
        return true;
    }

    @Override
    public void onWakeup(Runnable hook) {
        // no event loop to wake
    }

    @Override
    public void bindToCurrentThread() {
        // every thread may drain a fake
    }

    @Override
    public Thread thread() {
        return Thread.currentThread();
    }

    /** The jobs still queued, for assertions. */
    List<Job> queued() {
        return new ArrayList<>(jobs);
    }
}
