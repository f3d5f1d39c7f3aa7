package org.thrjob.api;

import org.thrjob.api.spi.Checks;

/**
 * Counters of one queue in a {@link ThrStats} snapshot.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param name    the queue's name
 * @param width   how many of its jobs may run at once
 * @param posted  jobs posted to it since it was created
 * @param run     jobs that finished, failed ones included
 * @param pending jobs posted and not finished yet
 */
public record QueueStats(String name, int width, long posted, long run, long pending) {

    /**
     * Validates the counters.
     *
     * @param name see the record component
     * @param width see the record component
     * @param posted see the record component
     * @param run see the record component
     * @param pending see the record component
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code width} is less than 1 or a counter is negative
     */
    public QueueStats {
        Checks.notNull(name, "name");
        Checks.atLeast(width, 1, "width");
        Checks.atLeast(posted, 0, "posted");
        Checks.atLeast(run, 0, "run");
        Checks.atLeast(pending, 0, "pending");
    }
}
