package org.thrjob.bio.internal;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import org.thrjob.bio.BioKind;

/**
 * {@code bioCreateFsyncJob}: forces a channel and records the outcome in the {@link FsyncRecorder}.
 *
 * <p>A {@link ClosedChannelException} (the channel was closed meanwhile, asynchronously or by an
 * interrupt included) counts as a success: Redis ignores {@code EBADF} and {@code EINVAL} because
 * the fd may have been closed by the main thread; the fsync did not really fail.
 *
 * <p>Thread-safety: see {@link PendingJob}.
 */
final class FsyncJob extends PendingJob {

    private FileChannel channel;
    private final boolean metaData;
    private final FsyncRecorder recorder;
    private final String description;

    FsyncJob(FileChannel channel, boolean metaData, FsyncRecorder recorder) {
        super(BioKind.AOF_FSYNC);
        this.channel = channel;
        this.metaData = metaData;
        this.recorder = recorder;
        this.description = "fsync(" + channel + (metaData ? ", metaData" : "") + ")";
    }

    @Override
    boolean work() {
        try {
            channel.force(metaData);
        } catch (ClosedChannelException closed) {
            recorder.succeeded();
            return true;
        } catch (Exception failure) {
            recorder.failed(description, failure);
            return false;
        }
        recorder.succeeded();
        return true;
    }

    @Override
    void release() {
        channel = null;
    }

    @Override
    public String toString() {
        return description;
    }
}
