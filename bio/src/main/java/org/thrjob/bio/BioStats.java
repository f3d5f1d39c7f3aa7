package org.thrjob.bio;

import java.time.Duration;
import org.thrjob.api.spi.Checks;

/**
 * Counters of one {@link BioKind} of a {@link Bio}, for monitoring (Redis reports
 * {@code bio_pending} in {@code INFO}).
 *
 * <p>The counters are read one after the other while the worker runs: each is exact for the
 * moment it was read, but {@code done + pending} may differ from the jobs submitted by the jobs
 * that moved between the reads. {@code whenDone} requests count as jobs of their kind, as Redis's
 * completion requests do.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param kind             the kind
 * @param pending          jobs submitted and not finished, the running one included
 * @param done             jobs finished since the {@code Bio} was created, failed ones included
 * @param failed           jobs that threw (for fsync: that failed other than on a closed channel)
 * @param oldestPendingAge how long ago the oldest pending job (the running one, if any) was
 *                         submitted: Redis's {@code job->time}; zero when none is pending; never
 *                         less than the true age, at most about 1 ms more (see
 *                         {@link BioJob#age()})
 */
public record BioStats(BioKind kind, long pending, long done, long failed, Duration oldestPendingAge) {

    /**
     * Validates the snapshot.
     *
     * @param kind             see the record component
     * @param pending          see the record component
     * @param done             see the record component
     * @param failed           see the record component
     * @param oldestPendingAge see the record component
     * @throws NullPointerException     if {@code kind} or {@code oldestPendingAge} is null
     * @throws IllegalArgumentException if a counter or the age is negative
     */
    public BioStats {
        Checks.notNull(kind, "kind");
        Checks.atLeast(pending, 0, "pending");
        Checks.atLeast(done, 0, "done");
        Checks.atLeast(failed, 0, "failed");
        Checks.notNegative(oldestPendingAge, "oldestPendingAge");
    }
}
