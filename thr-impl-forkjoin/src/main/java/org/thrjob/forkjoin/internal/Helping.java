package org.thrjob.forkjoin.internal;

import java.util.concurrent.ForkJoinTask;

/**
 * Lets a waiting worker run pending tasks of its pool: {@link ForkJoinTask#pollTask()} is
 * protected, so only a subclass of {@code ForkJoinTask} may call it. Never instantiated.
 *
 * <p><b>Thread-safety:</b> static methods, called by a worker on its own behalf.
 */
final class Helping extends ForkJoinTask<Void> {

    private static final long serialVersionUID = 1L;

    private Helping() {
    }

    /**
     * Takes and runs one pending task: the calling worker's own newest first, else one stolen from
     * another worker of its pool.
     *
     * @return true if a task ran, false if the pool had nothing to run
     */
    static boolean runOne() {
        ForkJoinTask<?> task = pollTask();
        if (task == null) {
            return false;
        }
        // Our tasks never complete through the task status (drains run again and again), so they
        // are run directly rather than invoked.
        run(task);
        return true;
    }

    /**
     * Runs one task submitted to the pool from outside, if there is one, unless the calling worker
     * is already inside such a call (so that drains yielding to one another cannot nest deeper).
     *
     * <p>Why: a worker runs the tasks of its own deque before it looks at outside submissions
     * again, so a drain that re-forks itself after its batch would run forever on the worker it
     * started on while a job submitted from outside waits. Taking one outside submission at the end
     * of each batch gives such jobs their turn (SPEC rule 3.4); jobs on the worker's deque get
     * theirs because the deque is FIFO and the re-forked drain goes behind them.
     *
     * @param worker the calling worker
     */
    static void yieldToSubmission(Worker worker) {
        if (worker.yielding) {
            return;
        }
        ForkJoinTask<?> task = pollSubmission();
        if (task == null) {
            return;
        }
        worker.yielding = true;
        try {
            run(task);
        } finally {
            worker.yielding = false;
        }
    }

    /**
     * Runs a task taken out of the pool on the calling worker.
     *
     * @param task the task; not null
     */
    static void run(ForkJoinTask<?> task) {
        if (task instanceof PoolTask) {
            ((PoolTask) task).runPolled();
        } else {
            task.quietlyInvoke();
        }
    }

    @Override
    public Void getRawResult() {
        return null;
    }

    @Override
    protected void setRawResult(Void value) {
        // never used
    }

    @Override
    protected boolean exec() {
        throw new UnsupportedOperationException("Helping is a holder of static methods");
    }
}
