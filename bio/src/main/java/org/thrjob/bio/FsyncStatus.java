package org.thrjob.bio;

import java.time.Instant;
import java.util.Optional;
import org.thrjob.api.spi.Checks;

/**
 * The outcome of the fsyncs a {@link Bio} ran: Redis's {@code aof_bio_fsync_status} and
 * {@code aof_bio_fsync_errno}, with their time, and the memory of the last failure.
 *
 * <p>The {@code bio_aof_fsync} worker replaces the status after every fsync:
 * <ul>
 *   <li>a {@code force} that returned, or that threw {@link java.nio.channels.ClosedChannelException}
 *       (the channel was closed meanwhile: Redis ignores {@code EBADF} and {@code EINVAL} for the
 *       same reason, the fsync did not really fail), is a success: {@link #isOk()} becomes true and
 *       {@link #error()} empty, so a later success clears an earlier error;</li>
 *   <li>any other exception is a failure: {@link #error()} holds it, and {@link #lastFailure()} and
 *       {@link #lastFailureTime()} keep it even after later successes, so that
 *       {@link #failedSince(Instant)} can answer "has any fsync failed since X".</li>
 * </ul>
 * The first failure after a success is logged once as a warning; failures in a row are not logged
 * again.
 *
 * <p><b>Thread-safety:</b> immutable. {@link Bio#fsyncStatus()} returns the latest snapshot from
 * any thread; everything the fsync did happens-before a snapshot that reports it is read.
 *
 * <p><b>Null:</b> the transition methods reject null arguments with {@link NullPointerException}.
 */
public final class FsyncStatus {

    private static final FsyncStatus NONE = new FsyncStatus(null, null, null, null, 0);

    private final Instant time;
    private final Exception error;
    private final Instant lastFailureTime;
    private final Exception lastFailure;
    private final long failures;

    private FsyncStatus(Instant time, Exception error, Instant lastFailureTime, Exception lastFailure,
            long failures) {
        this.time = time;
        this.error = error;
        this.lastFailureTime = lastFailureTime;
        this.lastFailure = lastFailure;
        this.failures = failures;
    }

    /**
     * The status before any fsync: ok, with no time and no failure.
     *
     * @return the initial status
     */
    public static FsyncStatus none() {
        return NONE;
    }

    /**
     * The status after a successful fsync at {@code at}: ok, keeping the last failure's memory.
     *
     * @param at when the fsync ended; not null
     * @return the new status
     * @throws NullPointerException if {@code at} is null
     */
    public FsyncStatus succeeded(Instant at) {
        Checks.notNull(at, "at");
        return new FsyncStatus(at, null, lastFailureTime, lastFailure, failures);
    }

    /**
     * The status after an fsync that failed at {@code at} with {@code failure}.
     *
     * @param at      when the fsync ended; not null
     * @param failure what it threw; not null
     * @return the new status
     * @throws NullPointerException if an argument is null
     */
    public FsyncStatus failed(Instant at, Exception failure) {
        Checks.notNull(at, "at");
        Checks.notNull(failure, "failure");
        return new FsyncStatus(at, failure, at, failure, failures + 1);
    }

    /**
     * Tells whether the last fsync succeeded (or none ran yet): Redis's
     * {@code aof_bio_fsync_status == C_OK}.
     *
     * @return true unless the last fsync failed
     */
    public boolean isOk() {
        return error == null;
    }

    /**
     * The exception of the last fsync, if it failed.
     *
     * @return the error, or empty if the last fsync succeeded or none ran
     */
    public Optional<Exception> error() {
        return Optional.ofNullable(error);
    }

    /**
     * When the last fsync ended, successful or not.
     *
     * @return the time, or empty if no fsync ran yet
     */
    public Optional<Instant> time() {
        return Optional.ofNullable(time);
    }

    /**
     * The exception of the most recent failed fsync, kept through later successes.
     *
     * @return the last failure, or empty if no fsync ever failed
     */
    public Optional<Exception> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * When the most recent failed fsync ended, kept through later successes.
     *
     * @return the time, or empty if no fsync ever failed
     */
    public Optional<Instant> lastFailureTime() {
        return Optional.ofNullable(lastFailureTime);
    }

    /**
     * How many fsyncs failed since the {@link Bio} was created.
     *
     * @return the count, zero or more
     */
    public long failures() {
        return failures;
    }

    /**
     * Tells whether any fsync failed at or after {@code since}, even if a later one succeeded.
     *
     * @param since the moment to look back to; not null
     * @return true if the most recent failure ended at or after {@code since}
     * @throws NullPointerException if {@code since} is null
     */
    public boolean failedSince(Instant since) {
        Checks.notNull(since, "since");
        return lastFailureTime != null && !lastFailureTime.isBefore(since);
    }

    /**
     * A description for logs.
     *
     * @return e.g. {@code "fsync ok at 2026-...Z"} or {@code "fsync failed at ...: java.io.IOException: ..."}
     */
    @Override
    public String toString() {
        if (time == null) {
            return "no fsync yet";
        }
        return error == null ? "fsync ok at " + time : "fsync failed at " + time + ": " + error;
    }
}
