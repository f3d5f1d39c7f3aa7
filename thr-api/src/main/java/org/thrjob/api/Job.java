package org.thrjob.api;

import java.util.Objects;

/**
 * A unit of work posted to a runtime or a queue: lib-common's {@code thr_job_t}.
 *
 * <p>A lambda is a block ({@code thr_schedule_b}); a class implementing this interface is a context
 * job, the struct that extends {@code thr_job_t}. {@link #run()} may throw: the failure goes to the
 * runtime's {@link FailureHandler} and to the {@link Syn} the job belongs to (SPEC rule 2.4), and
 * never kills the worker that ran it.
 *
 * <p><b>Thread-safety:</b> a job runs on whatever thread the runtime picks, concurrently with other
 * jobs unless a serial queue orders them; it must guard the memory it shares with other jobs. The
 * runtime guarantees that everything the posting thread did before {@code post} happens-before the
 * job's {@code run} (SPEC rule 2.2).
 */
@FunctionalInterface
public interface Job {

    /**
     * Does the work.
     *
     * @throws Exception any failure; it is reported, never swallowed
     */
    void run() throws Exception;

    /**
     * Wraps a job so that failure reports and diagnostics name it.
     *
     * <p>Lambdas print as {@code Foo$$Lambda/0x...}; a named job prints as {@code name}.
     *
     * @param name what failure reports call the job; not null
     * @param job  the job to run; not null
     * @return a job that runs {@code job} and whose {@code toString()} is {@code name}
     * @throws NullPointerException if {@code name} or {@code job} is null
     */
    static Job named(String name, Job job) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(job, "job must not be null");
        return new Job() {
            @Override
            public void run() throws Exception {
                job.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
