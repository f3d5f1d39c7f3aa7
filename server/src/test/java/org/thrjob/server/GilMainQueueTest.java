package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.blocking.Gil;

/** Every job posted through the dispatcher's view of the main queue runs holding the GIL. */
class GilMainQueueTest {

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void postedTimedAndSyncedJobsRunHoldingTheGil(String provider) throws Exception {
        Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        System.setProperty("thr.provider", provider);
        try (Thr thr = Thr.create(ThrConfig.builder().name("gil-test").parallelism(2).build())) {
            thr.mainQueue().bindToCurrentThread();
            Gil gil = new Gil();
            GilMainQueue main = new GilMainQueue(thr.mainQueue(), () -> { });
            main.gil(gil);
            List<Boolean> wrapped = new ArrayList<>();
            List<Boolean> plain = new ArrayList<>();
            main.post(() -> wrapped.add(gil.isHeldByCurrentThread()));
            main.postAfter(Duration.ofMillis(1), () -> wrapped.add(gil.isHeldByCurrentThread()));
            assertEquals(1, main.sync(() -> gil.isHeldByCurrentThread() ? 1 : 0), "sync runs holding the GIL");
            thr.mainQueue().post(() -> plain.add(gil.isHeldByCurrentThread())); // around the wrapper
            assertTrue(thr.mainQueue().runUntil(() -> wrapped.size() == 2 && plain.size() == 1, Servers.TIMEOUT),
                    "the main jobs did not run");
            assertEquals(List.of(true, true), wrapped, "posted and timed jobs through the wrapper hold the GIL");
            assertEquals(List.of(false), plain, "a job posted around the wrapper does not");
            assertFalse(gil.isHeldByCurrentThread(), "released after each job");
        } finally {
            System.clearProperty("thr.provider");
        }
    }
}
