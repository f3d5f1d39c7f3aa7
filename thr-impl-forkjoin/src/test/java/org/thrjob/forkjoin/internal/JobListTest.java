package org.thrjob.forkjoin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Job;

/** The MPSC list behind serial, dedicated and main queues. */
class JobListTest {

    @Test
    void poll_afterPushes_returnsThemInPushOrderThenNull() {
        JobList list = new JobList();
        Job[] jobs = new Job[5];
        for (int i = 0; i < jobs.length; i++) {
            jobs[i] = () -> { };
            list.push(new Node(jobs[i], null));
        }
        for (Job job : jobs) {
            assertEquals(job, list.poll().job);
        }
        assertNull(list.poll());
        assertTrue(list.isEmpty());
    }

    @Test
    void poll_pushesBetweenPolls_keepsFifoAcrossBatches() {
        JobList list = new JobList();
        Job a = () -> { };
        Job b = () -> { };
        Job c = () -> { };
        list.push(new Node(a, null));
        list.push(new Node(b, null));
        assertEquals(a, list.poll().job);
        list.push(new Node(c, null));
        assertEquals(b, list.poll().job);
        assertEquals(c, list.poll().job);
        assertNull(list.poll());
    }

    @Test
    void takeAll_thenPutBack_servesTheRestFirstAndNullKeepsIt() {
        JobList list = new JobList();
        Job a = () -> { };
        Job b = () -> { };
        Job c = () -> { };
        Job d = () -> { };
        list.push(new Node(a, null));
        list.push(new Node(b, null));
        list.push(new Node(c, null));
        Node chain = list.takeAll();
        assertEquals(a, chain.job);
        list.push(new Node(d, null));
        list.putBack(chain.next); // b and c go back ahead of d
        list.putBack(null); // a drain with nothing left in hand must not drop them
        Node rest = list.takeAll();
        assertEquals(b, rest.job);
        assertEquals(c, rest.next.job);
        assertNull(rest.next.next);
        Node late = list.takeAll();
        assertEquals(d, late.job);
        assertNull(list.takeAll());
        assertTrue(list.isEmpty());
    }

    @RepeatedTest(5)
    void push_fourProducersOneConsumer_everyNodeOnceInEachProducersOrder() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        JobList list = new JobList();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads[p] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    list.push(new Node(new Seq(producer, i), null));
                }
            });
            threads[p].start();
        }
        start.countDown();
        int[] next = new int[producers];
        int taken = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (taken < producers * perProducer) {
            Node node = list.poll();
            if (node == null) {
                assertTrue(System.nanoTime() < deadline, "timed out after " + taken + " nodes");
                Thread.onSpinWait();
                continue;
            }
            Seq seq = (Seq) node.job;
            assertEquals(next[seq.producer], seq.index, "producer " + seq.producer + " out of order");
            next[seq.producer]++;
            taken++;
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertNull(list.poll());
    }

    private static final class Seq implements Job {
        final int producer;
        final int index;

        Seq(int producer, int index) {
            this.producer = producer;
            this.index = index;
        }

        @Override
        public void run() {
        }
    }
}
