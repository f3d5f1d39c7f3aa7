package org.thrjob.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.thrjob.api.JobFailedException;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.ThrQueue;

/** The basic paths work end to end: schedule, queue, syn, forEach, close. */
class SmokeTest {

    private static Thr newThr(String name) {
        return new ThreadsThrProvider().create(ThrConfig.builder().name(name).parallelism(2)
                .failureHandler((job, where, failure) -> { }).build());
    }

    @Test
    void scheduleAndPost_withSyn_runEveryJob() {
        AtomicInteger count = new AtomicInteger();
        try (Thr thr = newThr("smoke1")) {
            Syn syn = thr.newSyn();
            ThrQueue queue = thr.newQueue("q");
            for (int i = 0; i < 1000; i++) {
                thr.schedule(syn, count::incrementAndGet);
                queue.post(syn, count::incrementAndGet);
            }
            syn.await();
            assertEquals(2000, count.get());
            assertEquals(42, (int) queue.sync(() -> 42));
            thr.forEach(10_000, i -> count.incrementAndGet());
            assertEquals(12_000, count.get());
        }
    }

    @Test
    void await_afterFailingJob_throwsJobFailed() {
        try (Thr thr = newThr("smoke2")) {
            Syn syn = thr.newSyn();
            thr.schedule(syn, () -> {
                throw new IllegalStateException("boom");
            });
            JobFailedException failed = assertThrows(JobFailedException.class, syn::await);
            assertTrue(failed.getCause() instanceof IllegalStateException);
        }
    }

    @Test
    void schedule_afterClose_isRejected() {
        Thr thr = newThr("smoke3");
        thr.close();
        assertThrows(RejectedJobException.class, () -> thr.schedule(() -> { }));
    }
}
