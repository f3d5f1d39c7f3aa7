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
        if (task instanceof PoolTask) {
            // Our tasks never complete through the task status (drains run again and again), so
            // they are run directly rather than invoked.
            ((PoolTask) task).runPolled();
        } else {
            task.quietlyInvoke();
        }
        return true;
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
