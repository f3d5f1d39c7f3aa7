package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.thrjob.api.Job;
import org.thrjob.api.JobQueue;
import org.thrjob.api.MainQueue;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrStats;

/**
 * SPEC rule 2.7 and the argument checks of {@link Thr}, {@link JobQueue} and {@link MainQueue}:
 * null arguments throw {@link NullPointerException} naming the parameter, blank names, widths below
 * 1 and negative delays throw {@link IllegalArgumentException} naming the value, always at the call
 * and before anything is posted.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class BadInputTck extends ThrTck {

    /** For providers' test classes. */
    protected BadInputTck() {
    }

    /**
     * SPEC rule 2.7: each null argument of the runtime's posting and creating methods throws
     * {@link NullPointerException} whose message names the parameter ({@code job}, {@code syn},
     * {@code delay}, {@code name}); nothing is posted (the posted counter, when tracked, does not
     * move, and the syn stays idle).
     *
     * <p>If this fails: check every parameter with {@code Checks.notNull(value, "name")} at the
     * top of the method, before touching any state.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_7_nullArgumentsToTheRuntimeThrowNamingTheParameter() throws Exception {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        Job job = () -> { };
        long postedBefore = thr.stats().posted();
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("job", () -> thr.schedule(null));
        calls.put("syn", () -> thr.schedule(null, job));
        calls.put("job ", () -> thr.schedule(syn, null));
        calls.put("delay", () -> thr.postAfter(null, job));
        calls.put("job  ", () -> thr.postAfter(Duration.ZERO, null));
        calls.put("name", () -> thr.newQueue(null));
        calls.put("name ", () -> thr.newQueue(null, 2));
        calls.put("name  ", () -> thr.newDedicatedQueue(null));
        calls.put("job   ", () -> thr.submit(null));
        assertNullsNamed(calls);
        assertEquals(0, syn.pending(), "pending() of a syn after a null job");
        long postedAfter = thr.stats().posted();
        if (postedBefore != ThrStats.NOT_TRACKED) {
            assertEquals(postedBefore, postedAfter, "jobs posted by calls with a null argument");
        }
    }

    /**
     * SPEC rule 2.7: each null argument of a queue's methods (serial, width-2, dedicated and main
     * queues) throws {@link NullPointerException} naming the parameter, and leaves the queue and
     * the syn without pending jobs; the main queue's {@code runUntil} names {@code condition} and
     * {@code timeout}.
     *
     * <p>If this fails: check the arguments of {@code post}, {@code postAfter}, {@code sync},
     * {@code submit} and {@code runUntil} before posting anything.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_7_nullArgumentsToQueuesThrowNamingTheParameter() throws Exception {
        Thr thr = newThr();
        Syn syn = thr.newSyn();
        Job job = () -> { };
        MainQueue main = thr.mainQueue();
        for (JobQueue queue : List.of(thr.newQueue("nulls"), thr.newQueue("nulls-w", 2),
                thr.newDedicatedQueue("tck-nulls"), main)) {
            Map<String, Executable> calls = new LinkedHashMap<>();
            calls.put("job", () -> queue.post(null));
            calls.put("syn", () -> queue.post(null, job));
            calls.put("job ", () -> queue.post(syn, null));
            calls.put("delay", () -> queue.postAfter(null, job));
            calls.put("job  ", () -> queue.postAfter(Duration.ZERO, null));
            calls.put("job   ", () -> queue.sync((Job) null));
            calls.put("job    ", () -> queue.sync((Callable<?>) null));
            calls.put("job     ", () -> queue.submit(null));
            calls.put("job      ", () -> queue.run(null));
            calls.put("command", () -> queue.executor().execute(null));
            Tck1Support.within("null arguments to " + queue.name(), () -> assertNullsNamed(calls));
            assertEquals(0, queue.pending(), "pending() of " + queue.name() + " after null arguments");
        }
        Map<String, Executable> mainCalls = new LinkedHashMap<>();
        mainCalls.put("condition", () -> main.runUntil(null));
        mainCalls.put("condition ", () -> main.runUntil(null, Duration.ZERO));
        mainCalls.put("timeout", () -> main.runUntil(() -> true, null));
        assertNullsNamed(mainCalls);
        assertEquals(0, syn.pending(), "pending() of a syn after null jobs");
    }

    /**
     * The argument checks of {@code newQueue} and {@code newDedicatedQueue} (SPEC rule 2.7's
     * "errors at the call"): blank names ({@code ""}, spaces, a tab) throw
     * {@link IllegalArgumentException} naming {@code name}.
     *
     * <p>If this fails: use {@code Checks.notBlank(name, "name")}.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_7_blankQueueNamesAreRejected() throws Exception {
        Thr thr = newThr();
        for (String blank : List.of("", "   ", "\t")) {
            for (Executable call : List.<Executable>of(() -> thr.newQueue(blank),
                    () -> thr.newQueue(blank, 2), () -> thr.newDedicatedQueue(blank))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                        "a queue named '" + blank + "'");
                Tck1Support.assertNames(e, "name");
            }
        }
    }

    /**
     * SPEC rule 3.8 and {@code newQueue(name, width)}'s contract: a width of 0 or -1 throws
     * {@link IllegalArgumentException} naming {@code width} and the value.
     *
     * <p>If this fails: use {@code Checks.atLeast(width, 1, "width")}.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r3_8_widthBelowOneIsRejected() throws Exception {
        Thr thr = newThr();
        for (int width : new int[] {0, -1, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> thr.newQueue("bad-width", width), "width " + width);
            Tck1Support.assertNames(e, "width", String.valueOf(width));
        }
    }

    /**
     * SPEC rule 2.7 and {@code postAfter}'s contract: a negative delay, on the runtime, a serial
     * queue, a dedicated queue and the main queue, throws {@link IllegalArgumentException} naming
     * {@code delay}, and nothing runs; {@code runUntil} with a negative timeout names
     * {@code timeout}.
     *
     * <p>If this fails: use {@code Checks.notNegative(delay, "delay")} before arming the timer.
     *
     * @throws Exception on failure
     */
    @Test
    public void required_r2_7_negativeDelaysAreRejected() throws Exception {
        Thr thr = newThr();
        AtomicInteger ran = new AtomicInteger();
        Job job = ran::incrementAndGet;
        Duration negative = Duration.ofMillis(-1);
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("runtime", () -> thr.postAfter(negative, job));
        for (JobQueue queue : List.of(thr.newQueue("negative"), thr.newDedicatedQueue("tck-negative"),
                thr.mainQueue())) {
            calls.put(queue.name(), () -> queue.postAfter(negative, job));
        }
        for (Map.Entry<String, Executable> call : calls.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call.getValue(),
                    "a negative delay on " + call.getKey());
            Tck1Support.assertNames(e, "delay");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> thr.mainQueue().runUntil(() -> true, negative));
        Tck1Support.assertNames(e, "timeout");
        // A job posted after the refused ones runs alone: none of them was armed at once.
        CountDownLatch later = new CountDownLatch(1);
        thr.schedule(later::countDown);
        await(later, "a job after the refused delays");
        assertEquals(0, thr.mainQueue().drain(), "main jobs posted by a refused delay");
        assertEquals(0, ran.get(), "jobs of refused delays that ran");
    }

    private static void assertNullsNamed(Map<String, Executable> calls) {
        for (Map.Entry<String, Executable> call : calls.entrySet()) {
            String parameter = call.getKey().trim();
            NullPointerException e = assertThrows(NullPointerException.class, call.getValue(),
                    "a null " + parameter);
            Tck1Support.assertNames(e, parameter);
        }
    }
}
