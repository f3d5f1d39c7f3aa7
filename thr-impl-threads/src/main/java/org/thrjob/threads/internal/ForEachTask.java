package org.thrjob.threads.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.thrjob.api.JobFailedException;

/**
 * {@code Thr.forEach}: thr-job's double explosion, built in (SPEC rules 6.1 to 6.3).
 *
 * <h2>Splitting</h2>
 * The caller cuts {@code [0, count)} into about {@code 2 * parallelism} coarse chunks and
 * dispatches them. A chunk then walks its range; every {@link #CHECK_EVERY} indexes, while more
 * than one index is left, its worker's deque is empty and some worker looks for work
 * ({@link Pool#wantsWork()}), it dispatches the upper half of what is left and keeps the lower
 * one. So a chunk splits only while a worker would steal it: fine-grained tasks appear where and
 * when they can be stolen, and a busy pool runs each coarse chunk as one loop.
 *
 * <p>{@code pending} counts chunks dispatched and not finished; the chunk that brings it to zero
 * ends the loop and unparks the caller, who waits as {@link Waiting} says (helping on a worker,
 * running main jobs on the main thread). A call of {@code body} that throws is recorded and the
 * walk goes on: every index is called exactly once, and the failures are rethrown as one
 * {@link JobFailedException} after all calls ended (first as cause, others suppressed).
 *
 * <p><b>Thread-safety:</b> a chunk is dispatched once and run by one worker; the loop's counters
 * are atomic and its failure list concurrent.
 */
final class ForEachTask extends Task {

    /** How many indexes a chunk runs between two looks at whether to split. */
    static final int CHECK_EVERY = 16;

    private final Loop loop;
    private final int low;
    private final int high;

    private ForEachTask(Loop loop, int low, int high) {
        this.loop = loop;
        this.low = low;
        this.high = high;
    }

    /**
     * Runs the loop and returns once every call ended.
     *
     * @param runtime the runtime
     * @param count   how many indexes; at least 1
     * @param body    the body
     * @throws JobFailedException if calls threw
     */
    static void run(ThreadsThr runtime, int count, IntConsumer body) {
        Loop loop = new Loop(runtime, body);
        int chunks = Math.max(1, Math.min(count, 2 * runtime.parallelism()));
        int size = count / chunks;
        int extra = count % chunks;
        loop.add(chunks);
        int start = 0;
        ForEachTask first = null;
        for (int chunk = 0; chunk < chunks; chunk++) {
            int end = start + size + (chunk < extra ? 1 : 0);
            ForEachTask task = new ForEachTask(loop, start, end);
            if (chunk == 0) {
                first = task;
            } else {
                runtime.dispatch(task);
            }
            start = end;
        }
        Thread thread = Thread.currentThread();
        if (thread instanceof Worker && ((Worker) thread).runtime == runtime) {
            first.run((Worker) thread);
        } else {
            runtime.dispatch(first);
        }
        Waiting.await(runtime, loop, 0L);
        loop.rethrow(count);
    }

    @Override
    void run(Worker worker) {
        QueueBase previous = worker.currentQueue;
        worker.currentQueue = null;
        try {
            walk(worker);
        } finally {
            worker.currentQueue = previous;
            loop.finished();
        }
    }

    private void walk(Worker worker) {
        int index = low;
        int end = high;
        IntConsumer body = loop.body;
        Pool pool = worker.pool;
        while (index < end) {
            if (end - index > 1 && worker.deque.isEmpty() && pool.wantsWork()) {
                int middle = index + (end - index) / 2;
                loop.add(1);
                pool.dispatch(new ForEachTask(loop, middle, end));
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
    }

    /** What the chunks of one loop share, and the caller's wait. */
    private static final class Loop implements Awaitable {

        private static final VarHandle PENDING;

        static {
            try {
                PENDING = MethodHandles.lookup().findVarHandle(Loop.class, "pending", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final ThreadsThr runtime;
        final IntConsumer body;
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        @SuppressWarnings("unused") // accessed through PENDING
        private volatile int pending;
        private volatile boolean done;
        private volatile Thread waiter;

        Loop(ThreadsThr runtime, IntConsumer body) {
            this.runtime = runtime;
            this.body = body;
        }

        void add(int chunks) {
            PENDING.getAndAdd(this, chunks);
        }

        void finished() {
            if ((int) PENDING.getAndAdd(this, -1) == 1) {
                done = true;
                Thread thread = waiter;
                if (thread != null) {
                    LockSupport.unpark(thread);
                }
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
