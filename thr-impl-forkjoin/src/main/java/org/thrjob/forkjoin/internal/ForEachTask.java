package org.thrjob.forkjoin.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;
import org.thrjob.api.JobFailedException;

/**
 * {@code Thr.forEach}: thr-job's double explosion, built in (SPEC rules 6.1 to 6.3).
 *
 * <h2>Splitting</h2>
 * The root cuts {@code [0, count)} into about {@code 2 * parallelism} coarse chunks and forks them.
 * A chunk then walks its range; every {@link #CHECK_EVERY} indexes, while more than one index is
 * left and its worker's deque holds no surplus ({@link #getSurplusQueuedTaskCount()} at or below
 * zero means idle workers are likely to steal), it forks the upper half of what is left and keeps
 * the lower one. So a chunk splits only while some worker is idle: fine-grained tasks appear where
 * and when they can be stolen, and a busy pool runs each coarse chunk as one loop.
 *
 * <p>Forked halves are kept in a list and joined newest first (a half nobody stole is unforked and
 * run in place). A call of {@code body} that throws is recorded and the walk goes on: every index
 * is called exactly once, and the failures are rethrown as one {@link JobFailedException} after all
 * calls ended (first as cause, others suppressed).
 *
 * <p>On one of the runtime's workers the root runs in the caller, which helps through its joins;
 * from any other thread it is submitted and the caller waits as {@link Waiting} says (the main
 * thread runs main jobs meanwhile).
 *
 * <p><b>Thread-safety:</b> a task is forked once and run by one worker; the shared failure list is
 * concurrent.
 */
final class ForEachTask extends RecursiveAction {

    private static final long serialVersionUID = 1L;
    /** How many indexes a chunk runs between two looks at whether to split. */
    static final int CHECK_EVERY = 16;

    private final transient Loop loop;
    private final int low;
    private final int high;
    private final boolean root;
    private transient ForEachTask nextForked;

    private ForEachTask(Loop loop, int low, int high, boolean root) {
        this.loop = loop;
        this.low = low;
        this.high = high;
        this.root = root;
    }

    /**
     * Runs the loop and returns once every call ended.
     *
     * @param runtime the runtime
     * @param count   how many indexes; at least 1
     * @param body    the body
     * @throws JobFailedException if calls threw
     */
    static void run(ForkJoinThr runtime, int count, IntConsumer body) {
        Loop loop = new Loop(runtime, body);
        ForEachTask task = new ForEachTask(loop, 0, count, true);
        Thread thread = Thread.currentThread();
        if (thread instanceof Worker && ((Worker) thread).runtime == runtime) {
            task.invoke();
        } else {
            runtime.pool().execute(task);
            Waiting.await(runtime, loop, 0L);
        }
        loop.rethrow(count);
    }

    @Override
    protected void compute() {
        try {
            if (root) {
                computeRoot();
            } else {
                walk(low, high);
            }
        } finally {
            if (root) {
                loop.done();
            }
        }
    }

    private void computeRoot() {
        int count = high - low;
        int chunks = Math.max(1, Math.min(count, 2 * loop.runtime.parallelism()));
        int size = count / chunks;
        int extra = count % chunks;
        ForkJoinTaskList forked = new ForkJoinTaskList();
        int start = low + size + (extra > 0 ? 1 : 0);
        int firstEnd = start;
        for (int chunk = 1; chunk < chunks; chunk++) {
            int end = start + size + (chunk < extra ? 1 : 0);
            ForEachTask task = new ForEachTask(loop, start, end, false);
            task.fork();
            forked.add(task);
            start = end;
        }
        walk(low, firstEnd);
        forked.joinAll();
    }

    private void walk(int from, int to) {
        ForkJoinTaskList forked = new ForkJoinTaskList();
        int index = from;
        int end = to;
        IntConsumer body = loop.body;
        while (index < end) {
            if (end - index > 1 && getSurplusQueuedTaskCount() <= 0) {
                int middle = index + (end - index) / 2;
                ForEachTask half = new ForEachTask(loop, middle, end, false);
                half.fork();
                forked.add(half);
                end = middle;
            }
            int stop = Math.min(end, index + CHECK_EVERY);
            for (; index < stop; index++) {
                try {
                    body.accept(index);
                } catch (Throwable failure) {
                    loop.failures.add(failure);
                }
            }
        }
        forked.joinAll();
    }

    /** The forked halves of one task, joined newest first. */
    private static final class ForkJoinTaskList {

        private ForEachTask newest;

        void add(ForEachTask task) {
            task.nextForked = newest;
            newest = task;
        }

        void joinAll() {
            for (ForEachTask task = newest; task != null; task = task.nextForked) {
                if (task.tryUnfork()) {
                    task.compute();
                } else {
                    task.quietlyJoin();
                }
            }
        }
    }

    /** What the tasks of one loop share, and the caller's wait. */
    private static final class Loop implements Awaitable {

        final ForkJoinThr runtime;
        final IntConsumer body;
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private volatile boolean done;
        private volatile Thread waiter;

        Loop(ForkJoinThr runtime, IntConsumer body) {
            this.runtime = runtime;
            this.body = body;
        }

        void done() {
            done = true;
            Thread thread = waiter;
            if (thread != null) {
                java.util.concurrent.locks.LockSupport.unpark(thread);
            }
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public void addWaiter(Thread thread) {
            waiter = thread;
        }

        @Override
        public void removeWaiter(Thread thread) {
            waiter = null;
        }

        void rethrow(int count) {
            List<Throwable> all = List.copyOf(failures);
            if (all.isEmpty()) {
                return;
            }
            JobFailedException exception = new JobFailedException(all.size() + " of " + count
                    + " calls of a forEach body on runtime '" + runtime.name() + "' threw; the"
                    + " first is the cause, the others are suppressed", all.get(0));
            for (int i = 1; i < all.size(); i++) {
                exception.addSuppressed(all.get(i));
            }
            throw exception;
        }
    }
}
