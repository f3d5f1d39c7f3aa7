package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.thrjob.api.FailureHandler;
import org.thrjob.api.Job;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.spi.ThrProvider;

/**
 * Helpers shared by the TCK classes of sections 1.6 to 4 and 7: bounded scenarios on helper
 * threads, posting threads released together, and a recording failure handler.
 *
 * <p>Every wait here is bounded by {@link ThrTck#TIMEOUT}: a provider that hangs fails the test
 * instead of hanging the build. Helper threads are daemons named {@code tck-...}, so they never
 * count as a runtime's threads and never keep the JVM alive.
 *
 * <p><b>Thread-safety:</b> stateless; every method may be called from any thread.
 */
final class Tck1Support {

    private static final AtomicInteger HELPERS = new AtomicInteger();

    private Tck1Support() {
    }

    /** A body that may throw anything, run by a helper thread. */
    @FunctionalInterface
    interface Body {
        /**
         * Runs the body.
         *
         * @throws Exception any failure; it is rethrown to the test
         */
        void run() throws Exception;
    }

    /** A body of one posting thread among several. */
    @FunctionalInterface
    interface PosterBody {
        /**
         * Runs the body of poster {@code index}.
         *
         * @param index the poster's index, from 0
         * @throws Exception any failure; it is rethrown to the test
         */
        void run(int index) throws Exception;
    }

    /** A scenario run on a runtime that the scenario may leave hung. */
    @FunctionalInterface
    interface ThrBody {
        /**
         * Runs the scenario.
         *
         * @param thr the runtime
         * @throws Exception any failure; it is rethrown to the test
         */
        void run(Thr thr) throws Exception;
    }

    /**
     * Runs a scenario that a broken provider could leave hung (a sync cycle, a self-sync) on a
     * runtime of its own, closed with a bound afterwards: unlike {@link ThrTck#newThr}'s runtimes,
     * which are closed without a bound after the test, a hung one here fails the test and is left
     * behind instead of hanging the build.
     *
     * @param provider the provider under test
     * @param config   the runtime's configuration
     * @param body     the scenario
     * @throws Exception the scenario's failure, else the close's
     */
    static void withRuntime(ThrProvider provider, ThrConfig config, ThrBody body) throws Exception {
        Thr thr = provider.create(config);
        assertNotNull(thr, "provider " + provider.name() + " returned null from create()");
        Throwable failure = null;
        try {
            body.run(thr);
        } catch (Throwable t) {
            failure = t;
        }
        try {
            closeWithin(thr);
            ThrTck.assertNoThreadLeft(thr.name());
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            } else {
                failure.addSuppressed(t);
            }
        }
        if (failure != null) {
            rethrowFirst(List.of(failure));
        }
    }

    /**
     * Runs {@code body} on a new daemon thread and waits for it with the TCK's bound. Used for
     * calls that a broken provider could block forever (close, sync, runUntil), so that the test
     * fails instead of hanging.
     *
     * @param <T>  the result type
     * @param what what the body does, for the failure message
     * @param body the body
     * @return what the body returned
     * @throws Exception what the body threw
     */
    static <T> T within(String what, Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(body);
        Thread thread = new Thread(task, "tck-helper-" + HELPERS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(ThrTck.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new AssertionError("timed out after " + ThrTck.TIMEOUT + " waiting for " + what
                    + "; the helper thread is stuck at " + stack(thread), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * Runs {@code body} on a new daemon thread and waits for it with the TCK's bound.
     *
     * @param what what the body does, for the failure message
     * @param body the body
     * @throws Exception what the body threw
     */
    static void within(String what, Body body) throws Exception {
        within(what, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Closes {@code thr} on a helper thread, failing if the close takes longer than the bound.
     *
     * @param thr the runtime
     * @throws Exception what the close threw
     */
    static void closeWithin(Thr thr) throws Exception {
        within("close() of runtime " + thr.name(), (Body) thr::close);
    }

    /**
     * Runs {@code posters} threads that start together (one start latch) and waits for all of
     * them with the bound; the first failure of any of them is rethrown.
     *
     * @param posters how many threads
     * @param body    what each runs, given its index
     * @throws Exception the first failure
     */
    static void together(int posters, PosterBody body) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(posters);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int p = 0; p < posters; p++) {
            int index = p;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    body.run(index);
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    done.countDown();
                }
            }, "tck-poster-" + p);
            thread.setDaemon(true);
            thread.start();
        }
        start.countDown();
        ThrTck.await(done, posters + " posting threads");
        rethrowFirst(failures);
    }

    /**
     * Rethrows the first of {@code failures}, with the others suppressed.
     *
     * @param failures failures collected from other threads
     * @throws Exception the first failure, if any
     */
    static void rethrowFirst(List<Throwable> failures) throws Exception {
        if (failures.isEmpty()) {
            return;
        }
        Throwable first = failures.get(0);
        for (Throwable other : failures.subList(1, failures.size())) {
            if (other != first) {
                first.addSuppressed(other);
            }
        }
        if (first instanceof Exception exception) {
            throw exception;
        }
        if (first instanceof Error error) {
            throw error;
        }
        throw new AssertionError(first);
    }

    /**
     * Fails unless {@code failure}'s message contains every one of {@code names}.
     *
     * @param failure the exception
     * @param names   what the message must name
     */
    static void assertNames(Throwable failure, String... names) {
        assertNotNull(failure, "expected an exception");
        String message = String.valueOf(failure.getMessage());
        for (String name : names) {
            assertTrue(message.contains(name), failure.getClass().getSimpleName()
                    + " message must name '" + name + "' but was: " + message);
        }
    }

    /**
     * Fails unless {@code failure}'s message contains at least one of {@code names}.
     *
     * @param failure the exception
     * @param names   what the message may name
     */
    static void assertNamesOneOf(Throwable failure, String... names) {
        assertNotNull(failure, "expected an exception");
        String message = String.valueOf(failure.getMessage());
        for (String name : names) {
            if (message.contains(name)) {
                return;
            }
        }
        fail(failure.getClass().getSimpleName() + " message must name one of "
                + List.of(names) + " but was: " + message);
    }

    /**
     * The threads alive now.
     *
     * @return a new mutable set
     */
    static Set<Thread> liveThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /**
     * Opens a gate latch; used in {@code finally} blocks so that a failing test never leaves jobs
     * blocked (which would hang the runtime's close after the test).
     *
     * @param gates the latches to open
     */
    static void open(CountDownLatch... gates) {
        for (CountDownLatch gate : gates) {
            while (gate.getCount() > 0) {
                gate.countDown();
            }
        }
    }

    /**
     * Waits on a latch from inside a job, bounded: a job never blocks a worker forever.
     *
     * @param latch the latch
     * @param what  what it stands for
     * @throws InterruptedException if interrupted
     */
    static void awaitInJob(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(ThrTck.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("a job timed out after " + ThrTck.TIMEOUT + " waiting for " + what);
        }
    }

    private static String stack(Thread thread) {
        StringBuilder text = new StringBuilder(thread.getName());
        for (StackTraceElement frame : thread.getStackTrace()) {
            text.append("\n\tat ").append(frame);
        }
        return text.toString();
    }

    /**
     * A failure report as the {@link FailureHandler} received it.
     *
     * @param job     the job
     * @param where   the queue or runtime name
     * @param failure what it threw
     * @param thread  the thread the handler ran on
     */
    record Report(Job job, String where, Throwable failure, Thread thread) {
    }

    /** A {@link FailureHandler} that records every report; thread-safe. */
    static final class RecordingHandler implements FailureHandler {

        /** Every report, in the order received. */
        final List<Report> reports = new CopyOnWriteArrayList<>();

        @Override
        public void jobFailed(Job job, String where, Throwable failure) {
            reports.add(new Report(job, where, failure, Thread.currentThread()));
        }

        /**
         * The reports whose failure is {@code failure}.
         *
         * @param failure the exception thrown by a job
         * @return the matching reports
         */
        List<Report> of(Throwable failure) {
            return reports.stream().filter(r -> r.failure() == failure).toList();
        }
    }
}
