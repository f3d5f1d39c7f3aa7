package org.thrjob.threads.internal;

import java.util.concurrent.Executor;
import org.thrjob.api.spi.Checks;

/**
 * The runtime's {@link Executor} view: {@code execute(r)} schedules {@code r} as an unordered job
 * (SPEC rule 2.9); after close it throws {@link org.thrjob.api.RejectedJobException}, a
 * {@link java.util.concurrent.RejectedExecutionException}.
 *
 * <p><b>Thread-safety:</b> immutable; {@link #execute} may be called from any thread.
 */
final class RuntimeExecutor implements Executor {

    private final ThreadsThr runtime;

    RuntimeExecutor(ThreadsThr runtime) {
        this.runtime = runtime;
    }

    @Override
    public void execute(Runnable command) {
        Checks.notNull(command, "command");
        runtime.schedule(new RunnableJob(command));
    }

    @Override
    public String toString() {
        return "executor of thrjob runtime '" + runtime.name() + "'";
    }

    /** A runnable as a job that names it in failure reports. */
    private static final class RunnableJob implements org.thrjob.api.Job {

        private final Runnable command;

        RunnableJob(Runnable command) {
            this.command = command;
        }

        @Override
        public void run() {
            command.run();
        }

        @Override
        public String toString() {
            return String.valueOf(command);
        }
    }
}
