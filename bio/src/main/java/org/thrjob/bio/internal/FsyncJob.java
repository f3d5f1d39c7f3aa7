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

    private final FileChannel channel;
    private final boolean metaData;
    private final FsyncRecorder recorder;

    FsyncJob(FileChannel channel, boolean metaData, FsyncRecorder recorder) {
        super(BioKind.AOF_FSYNC);
        this.channel = channel;
        this.metaData = metaData;
        this.recorder = recorder;
    }

    @Override
    boolean work() {
        try {
            channel.force(metaData);
        } catch (ClosedChannelException closed) {
            recorder.succeeded();
            return true;
        } catch (Exception failure) {
            recorder.failed(toString(), failure);
            return false;
        }
        recorder.succeeded();
        return true;
    }

    @Override
    void release() {
        // The channel belongs to its owner, who keeps it anyway: nothing worth dropping.
    }

    @Override
    public String toString() {
        return "fsync(" + channel + (metaData ? ", metaData" : "") + ")";
    }
}
