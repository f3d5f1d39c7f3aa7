package org.thrjob.api;

import java.util.List;
import org.thrjob.api.spi.Checks;

/**
 * A snapshot of a runtime's counters ({@code thr_acc_*}), for monitoring and tests.
 *
 * <p>Counters are read one after the other without stopping the runtime: each is exact for the
 * moment it was read, and {@code run <= posted} may not hold across them while jobs are running.
 * A provider that does not track a counter reports {@link #NOT_TRACKED}.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param runtime          the runtime's name
 * @param provider         the provider's name
 * @param parallelism      the runtime's parallelism
 * @param posted           jobs posted or scheduled (timers count when they fire)
 * @param run              jobs that finished, failed ones included
 * @param failed           jobs that threw
 * @param stolen           jobs a worker took from another worker's deque
 * @param inlineOnOverflow jobs run at once by the poster because its deque was full
 * @param parks            times a worker went to sleep for lack of work
 * @param wakeups          times a sleeping worker was woken for new work
 * @param queues           the main queue, then every open queue with pending jobs
 */
public record ThrStats(String runtime, String provider, int parallelism, long posted, long run,
        long failed, long stolen, long inlineOnOverflow, long parks, long wakeups,
        List<QueueStats> queues) {

    /** The value of a counter that the provider does not track. */
    public static final long NOT_TRACKED = -1;

    /**
     * Validates and copies the snapshot.
     *
     * @param runtime see the record component
     * @param provider see the record component
     * @param parallelism see the record component
     * @param posted see the record component
     * @param run see the record component
     * @param failed see the record component
     * @param stolen see the record component
     * @param inlineOnOverflow see the record component
     * @param parks see the record component
     * @param wakeups see the record component
     * @param queues see the record component
     * @throws NullPointerException     if {@code runtime}, {@code provider} or {@code queues} is null
     * @throws IllegalArgumentException if {@code parallelism} is less than 1 or a counter is below
     *                                  {@link #NOT_TRACKED}
     */
    public ThrStats {
        Checks.notNull(runtime, "runtime");
        Checks.notNull(provider, "provider");
        Checks.atLeast(parallelism, 1, "parallelism");
        for (long counter : new long[] {posted, run, failed, stolen, inlineOnOverflow, parks, wakeups}) {
            Checks.atLeast(counter, NOT_TRACKED, "counter");
        }
        queues = List.copyOf(Checks.notNull(queues, "queues"));
    }
}
