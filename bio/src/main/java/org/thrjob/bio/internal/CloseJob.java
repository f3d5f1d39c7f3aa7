package org.thrjob.bio.internal;

import java.io.Closeable;
import org.thrjob.bio.BioKind;

/** {@code bioCreateCloseJob}: closes a {@link Closeable}. Thread-safety: see {@link PendingJob}. */
final class CloseJob extends PendingJob {

    private final Closeable closeable;

    CloseJob(Closeable closeable) {
        super(BioKind.CLOSE_FILE);
        this.closeable = closeable;
    }

    @Override
    boolean work() throws Exception {
        closeable.close();
        return true;
    }

    @Override
    void release() {
        // A closed Closeable is small: kept for toString, should the close fail.
    }

    @Override
    public String toString() {
        return "close(" + closeable + ")";
    }
}
