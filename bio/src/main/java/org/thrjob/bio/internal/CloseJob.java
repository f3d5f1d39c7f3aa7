package org.thrjob.bio.internal;

import java.io.Closeable;
import org.thrjob.bio.BioKind;

/** {@code bioCreateCloseJob}: closes a {@link Closeable}. Thread-safety: see {@link PendingJob}. */
final class CloseJob extends PendingJob {

    private Closeable closeable;
    private final String description;

    CloseJob(Closeable closeable) {
        super(BioKind.CLOSE_FILE);
        this.closeable = closeable;
        this.description = "close(" + closeable + ")";
    }

    @Override
    boolean work() throws Exception {
        closeable.close();
        return true;
    }

    @Override
    void release() {
        closeable = null;
    }

    @Override
    public String toString() {
        return description;
    }
}
