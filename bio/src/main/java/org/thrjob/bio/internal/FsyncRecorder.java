package org.thrjob.bio.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thrjob.bio.FsyncStatus;

/**
 * Keeps the {@link FsyncStatus} of one bio service: Redis's {@code aof_bio_fsync_status} and
 * {@code aof_bio_fsync_errno}, replaced after every fsync, and the "log the first failure after a
 * success once" rule.
 *
 * <p><b>Thread-safety:</b> written by the {@code bio_aof_fsync} worker (and by a caller that runs
 * a job {@code closeNow} took back), read from any thread: an {@link AtomicReference} of
 * immutable snapshots.
 */
final class FsyncRecorder {

    private static final Logger LOG = LoggerFactory.getLogger("org.thrjob.bio");

    private final AtomicReference<FsyncStatus> status = new AtomicReference<>(FsyncStatus.none());

    FsyncStatus status() {
        return status.get();
    }

    void succeeded() {
        Instant now = Instant.now();
        status.getAndUpdate(s -> s.succeeded(now));
    }

    void failed(String what, Exception failure) {
        Instant now = Instant.now();
        FsyncStatus before = status.getAndUpdate(s -> s.failed(now, failure));
        if (before.isOk()) {
            // As Redis: once per run of failures, not once per fsync of an every-second policy.
            LOG.warn("Fail to {} on bio_aof_fsync; later failures are not logged until an fsync"
                    + " succeeds again", what, failure);
        }
    }
}
