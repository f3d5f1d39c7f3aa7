package org.thrjob.bio.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.thrjob.api.Job;
import org.thrjob.bio.BioKind;

/** The FIFO's own contract: order, and consumed nodes cut from the chain. */
class JobFifoTest {

    private static PendingJob job(String name) {
        return new UserJob(BioKind.LAZY_FREE, Job.named(name, () -> { }));
    }

    @Test
    void poll_afterOffers_returnsJobsInOrderThenNull() {
        PendingJob stub = job("stub");
        JobFifo fifo = new JobFifo(stub);
        PendingJob a = job("a");
        PendingJob b = job("b");
        fifo.offer(a);
        fifo.offer(b);
        assertSame(a, fifo.peekOldest());
        assertSame(a, fifo.poll());
        assertSame(b, fifo.pollCounted());
        assertNull(fifo.poll());
        assertNull(fifo.peekOldest());
    }

    @Test
    void poll_consumedHead_isCutFromItsSuccessor() {
        PendingJob stub = job("stub");
        JobFifo fifo = new JobFifo(stub);
        PendingJob a = job("a");
        PendingJob b = job("b");
        PendingJob c = job("c");
        fifo.offer(a);
        fifo.offer(b);
        fifo.offer(c);
        fifo.poll();
        // A consumed node that still pointed on would keep every later node reachable from an
        // old-generation copy of it (nepotism).
        assertNull(stub.next, "the stub, consumed, still links to the first job");
        fifo.pollCounted();
        assertNull(a.next, "job a, consumed, still links to job b");
        assertSame(c, b.next, "job b is the head: its link to c is the FIFO");
    }
}
