package org.thrjob.bio.internal;

import org.thrjob.bio.BioKind;
import org.thrjob.bio.LazyFreeFunction;

/** {@code bioCreateLazyFreeJob(fn, n, ...)}: calls the function with its arguments. Thread-safety: see {@link PendingJob}. */
final class LazyFreeJob extends PendingJob {

    private final LazyFreeFunction fn;
    private final int argCount;
    private Object[] args;

    LazyFreeJob(LazyFreeFunction fn, Object[] args) {
        super(BioKind.LAZY_FREE);
        this.fn = fn;
        this.args = args;
        this.argCount = args.length;
    }

    @Override
    boolean work() throws Exception {
        fn.free(args);
        return true;
    }

    @Override
    void release() {
        args = null; // what was freed must not stay reachable from the FIFO's head
    }

    @Override
    public String toString() {
        return "lazyFree(" + fn + ", " + argCount + (argCount == 1 ? " arg)" : " args)");
    }
}
