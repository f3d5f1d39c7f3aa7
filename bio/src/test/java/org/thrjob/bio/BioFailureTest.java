package org.thrjob.bio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.Job;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.ThrProvider;

/** A job that throws is reported to the runtime's failure handler and never stops its worker. */
class BioFailureTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void submit_jobsThrow_reportedNamingTheKindAndTheFollowingJobsRun(ThrProvider provider) throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        try (Thr thr = Providers.thr(provider, (job, where, failure) ->
                reports.add(where + "|" + job + "|" + failure.getMessage()));
                Bio bio = Bio.create(thr)) {
            BioKind kind = bio.register("bio_test_fail");
            List<Integer> ran = new CopyOnWriteArrayList<>();
            CountDownLatch hold = new CountDownLatch(1);
            bio.submit(kind, hold::await);
            for (int i = 0; i < 10; i++) {
                int n = i;
                bio.submit(kind, Job.named("job-" + n, () -> {
                    ran.add(n);
                    if (n % 3 == 0) {
                        throw new IllegalStateException("boom " + n);
                    }
                }));
            }
            bio.close(() -> {
                throw new java.io.IOException("disk gone");
            });
            bio.lazyFree(args -> {
                throw new Error("an error is reported too");
            });
            hold.countDown();
            bio.drain(kind);
            bio.drain(BioKind.CLOSE_FILE);
            bio.drain(BioKind.LAZY_FREE);
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ran, "the worker went on after each failure");
            BioStats stats = bio.stats(kind);
            assertEquals(11, stats.done());
            assertEquals(4, stats.failed());
            assertEquals(1, bio.stats(BioKind.CLOSE_FILE).failed());
            assertEquals(1, bio.stats(BioKind.LAZY_FREE).failed());
            // The runtime reports after the runner returned: wait for the six reports.
            Providers.until(() -> reports.size() == 6, "six failure reports, got " + reports);
            assertTrue(reports.containsAll(List.of(
                    "bio_test_fail|bio job job-0 of kind 'bio_test_fail'|boom 0",
                    "bio_test_fail|bio job job-3 of kind 'bio_test_fail'|boom 3",
                    "bio_test_fail|bio job job-6 of kind 'bio_test_fail'|boom 6",
                    "bio_test_fail|bio job job-9 of kind 'bio_test_fail'|boom 9")), reports.toString());
            assertTrue(reports.stream().anyMatch(r -> r.startsWith("bio_close_file|bio job close(")
                    && r.endsWith("|disk gone")), reports.toString());
            assertTrue(reports.stream().anyMatch(r -> r.startsWith("bio_lazy_free|bio job lazyFree(")
                    && r.endsWith("|an error is reported too")), reports.toString());

            // The workers still run new jobs.
            CountDownLatch after = new CountDownLatch(1);
            bio.submit(kind, after::countDown);
            Providers.await(after, "a job after the failures");
        }
    }
}
