package org.thrjob.bio.internal;

import org.thrjob.bio.BioKind;
import org.thrjob.bio.LazyFreeFunction;

/** {@code bioCreateLazyFreeJob(fn, n, ...)}: calls the function with its arguments. Thread-safety: see {@link PendingJob}. */
final class LazyFreeJob extends PendingJob {

    private LazyFreeFunction fn;
    private Object[] args;
    private final String description;

    LazyFreeJob(LazyFreeFunction fn, Object[] args) {
        super(BioKind.LAZY_FREE);
        this.fn = fn;
        this.args = args;
        this.description = "lazyFree(" + fn + ", " + args.length + (args.length == 1 ? " arg)" : " args)");
    }

    @Override
    boolean work() throws Exception {
        fn.free(args);
        return true;
    }

    @Override
    void release() {
        fn = null;
        args = null;
    }

    @Override
    public String toString() {
        return description;
    }
}
