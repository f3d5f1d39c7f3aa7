package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.thrjob.api.spi.ThrProvider;
import org.thrjob.tck.SimpleThr.Flaw;

/**
 * The TCK proves it can fail, as the reactive-streams TCK does: each check below runs one TCK test
 * against {@link SimpleThr} twice, once as it is (the test must pass, so the test itself is
 * sound) and once with one flaw switched on (the test must fail, so the test really checks).
 *
 * <p>The TCK subclasses are static nested classes: surefire skips them, and only the engine test
 * kit selects them.
 */
class TckCanFailTest {

    /** Runs one TCK test method of {@code tckClass} and returns its events. */
    private static Events run(Class<?> tckClass, String method) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(tckClass, method))
                .execute()
                .testEvents();
    }

    private static void assertPassesThenFails(Class<?> sound, Class<?> broken, String method) {
        Events passing = run(sound, method);
        assertEquals(1, passing.succeeded().count(), () -> method + " must pass on the sound runtime: "
                + describe(passing));
        Events failing = run(broken, method);
        assertEquals(1, failing.failed().count(), () -> method + " must fail on " + broken.getSimpleName()
                + ": " + describe(failing));
    }

    private static String describe(Events events) {
        return events.list().stream()
                .map(e -> e.getType() + " " + e.getTestDescriptor().getDisplayName()
                        + e.getPayload().map(p -> " " + p).orElse(""))
                .collect(Collectors.joining("; "));
    }

    @Test
    void synFailureTck_synLosingFailures_fails() {
        assertPassesThenFails(SoundSynFailure.class, LosesSynFailures.class,
                "required_r5_6_firstFailureIsCauseOthersSuppressed");
        assertPassesThenFails(SoundSynFailure.class, LosesSynFailures.class,
                "required_r5_6_concurrentFailuresAreAllKept");
    }

    @Test
    void synFailureTck_synForgettingUnreportedFailures_fails() {
        assertPassesThenFails(SoundSynFailure.class, ForgetsUnreportedFailures.class,
                "required_r5_6_failureOfAnEndedRoundIsReportedByTheNextAwait");
    }

    @Test
    void synFailureTck_waiterWokenByTheFailure_fails() {
        assertPassesThenFails(SoundSynFailure.class, WakesWaitersOnFailure.class,
                "required_r5_6_awaitRethrowsOnlyAfterTheOtherJobsFinished");
    }

    @Test
    void whenDoneTck_continuationPostedTwice_fails() {
        assertPassesThenFails(SoundWhenDone.class, WhenDoneTwice.class,
                "required_r5_7_whenDoneRunsOnceAfterTheLastJob");
    }

    @Test
    void forEachTck_lastIndexSkipped_fails() {
        assertPassesThenFails(SoundForEach.class, ForEachSkipsLastIndex.class,
                "required_r6_1_forEachSevenVisitsEachIndexOnce");
        assertPassesThenFails(SoundForEach.class, ForEachSkipsLastIndex.class,
                "required_r6_1_forEachMillionVisitsEachIndexOnce");
    }

    @Test
    void timerTck_timersFiringEarly_fails() {
        assertPassesThenFails(SoundTimer.class, TimersFireEarly.class,
                "required_r6_6_postAfterRunsNoEarlierThanAsked");
    }

    @Test
    void timerTck_cancelIgnored_fails() {
        assertPassesThenFails(SoundTimer.class, CancelIgnored.class,
                "required_r6_7_cancelBeforeDueNeverRuns");
    }

    @Test
    void synLocalTck_oneValueForAllThreads_fails() {
        assertPassesThenFails(SoundSynLocal.class, SynLocalShared.class,
                "required_r5_8_collectsOneAccumulatorPerThreadAndTheSumIsRight");
    }

    @Test
    void synTck_droppedJobs_fails() {
        assertPassesThenFails(SoundSyn.class, DropsJobs.class,
                "required_r5_1_awaitReturnsAfterEveryAttachedJob");
    }

    @Test
    void statsTck_drainTasksCountedAsJobs_fails() {
        assertPassesThenFails(SoundStats.class, CountsDrainTasks.class,
                "required_r8_1_postedEqualsRunAfterQuiescence");
    }

    private static ThrProvider simple(Flaw flaw) {
        return new SimpleProvider(flaw);
    }

    static class SoundSyn extends SynTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.NONE);
        }
    }

    static class DropsJobs extends SynTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.DROPS_EVERY_1000TH_JOB);
        }
    }

    static class SoundSynFailure extends SynFailureTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.NONE);
        }
    }

    static class LosesSynFailures extends SynFailureTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.LOSES_SYN_FAILURES);
        }
    }

    static class ForgetsUnreportedFailures extends SynFailureTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.FORGETS_UNREPORTED_FAILURES);
        }
    }

    static class WakesWaitersOnFailure extends SynFailureTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.WAKES_WAITERS_ON_FAILURE);
        }
    }

    static class SoundWhenDone extends WhenDoneTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.NONE);
        }
    }

    static class WhenDoneTwice extends WhenDoneTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.WHEN_DONE_TWICE);
        }
    }

    static class SoundForEach extends ForEachTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.NONE);
        }
    }

    static class ForEachSkipsLastIndex extends ForEachTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.FOR_EACH_SKIPS_LAST_INDEX);
        }
    }

    static class SoundTimer extends TimerTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.NONE);
        }
    }

    static class TimersFireEarly extends TimerTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.TIMERS_FIRE_EARLY);
        }
    }

    static class CancelIgnored extends TimerTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.CANCEL_IGNORED);
        }
    }

    static class SoundSynLocal extends SynLocalTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.NONE);
        }
    }

    static class SynLocalShared extends SynLocalTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.SYN_LOCAL_SHARED);
        }
    }

    static class SoundStats extends StatsTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.NONE);
        }
    }

    static class CountsDrainTasks extends StatsTck {
        @Override
        protected ThrProvider provider() {
            return simple(Flaw.COUNTS_DRAIN_TASKS);
        }
    }
}
