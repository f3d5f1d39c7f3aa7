package org.thrjob.forkjoin.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.thrjob.api.Job;
import org.thrjob.api.JobFailedException;
import org.thrjob.api.JobQueue;
import org.thrjob.api.Syn;
import org.thrjob.api.SynLocal;
import org.thrjob.api.spi.Checks;

/**
 * The {@code forkjoin} syn: a pointer to its current {@link Round}, which does the counting (see
 * there for the state machine). Waiting follows {@link Waiting}: helping on a worker, draining the
 * main queue on the main thread, parking elsewhere.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread; see {@link Syn}.
 *
 * <p><b>Null, range and close:</b> null arguments throw {@link NullPointerException}; a negative
 * timeout throws {@link IllegalArgumentException}; a syn has no close of its own and keeps working
 * after its runtime closed (attaching then fails at the post, which leaves the syn untouched).
 */
final class SynImpl implements Syn {

    final ForkJoinThr runtime;
    private volatile Round current;
    /**
     * Failures of ended rounds that no await reported and no continuation was posted for (SPEC
     * rule 5.6). Guarded by this; replaced, never mutated, so a round's report can share it.
     */
    private List<Throwable> unreported = List.of();

    SynImpl(ForkJoinThr runtime) {
        this.runtime = runtime;
        this.current = new Round(this, Round.ENDED);
    }

    /**
     * The provider's syn behind the interface.
     *
     * @param syn a syn made by a {@code forkjoin} runtime
     * @return it, cast
     * @throws IllegalArgumentException if another provider made it
     */
    static SynImpl cast(Syn syn) {
        if (syn instanceof SynImpl) {
            return (SynImpl) syn;
        }
        throw new IllegalArgumentException("syn " + syn + " was not made by a 'forkjoin' runtime;"
                + " create it with newSyn() of the runtime you post to");
    }

    /** The round jobs attach to now (the last one, ended or not). */
    Round current() {
        return current;
    }

    /**
     * Attaches one job, starting a new round if the syn is idle.
     *
     * @return the round the job belongs to
     */
    Round attach() {
        for (;;) {
            Round round = current;
            if (round.tryAttach()) {
                return round;
            }
            Round next = new Round(this, 1L);
            synchronized (this) {
                if (current == round) {
                    current = next;
                    return next;
                }
            }
        }
    }

    @Override
    public void await() {
        Round round = current;
        Waiting.await(runtime, round, 0L);
        throwFailures(round);
    }

    @Override
    public boolean await(Duration timeout) {
        Checks.notNegative(timeout, "timeout");
        Round round = current;
        long deadline = deadline(timeout);
        if (!Waiting.await(runtime, round, deadline)) {
            return false;
        }
        throwFailures(round);
        return true;
    }

    private static long deadline(Duration timeout) {
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return 0L;
        }
        long deadline = System.nanoTime() + Math.max(1L, nanos);
        return deadline == 0L ? 1L : deadline;
    }

    @Override
    public boolean awaitUntil(BooleanSupplier condition) {
        Checks.notNull(condition, "condition");
        if (condition.getAsBoolean()) {
            return true;
        }
        Round round = current;
        round.watch(1);
        try {
            Waiting.await(runtime, new Until(round, condition), 0L);
        } finally {
            round.watch(-1);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void whenDone(JobQueue queue, Job job) {
        Checks.notNull(queue, "queue");
        Checks.notNull(job, "job");
        current.whenDone(queue, job);
    }

    @Override
    public <T> SynLocal<T> local(Supplier<? extends T> initial) {
        return new SynLocalImpl<>(Checks.notNull(initial, "initial"));
    }

    @Override
    public long pending() {
        return current.pending();
    }

    @Override
    public List<Throwable> failures() {
        Round round = current;
        List<Throwable> report = round.report();
        if (report != null) {
            return report;
        }
        List<Throwable> own = round.failures(); // taken before this monitor: never round inside syn
        synchronized (this) {
            return concat(unreported, own);
        }
    }

    /**
     * Called once by a round as it ends: fixes what its awaits report.
     *
     * @param own           the round's own failures
     * @param continuations whether continuations are posted for the round, which reports them
     * @return the round's report: the failures left unreported so far, then its own
     */
    synchronized List<Throwable> roundEnded(List<Throwable> own, boolean continuations) {
        List<Throwable> report = concat(unreported, own);
        unreported = continuations ? List.of() : report;
        return report;
    }

    /**
     * Marks a round's report as reported, unless failures were added since (a later round ended
     * before this report was made: its own report still carries them).
     *
     * @param report the report just thrown or handed to a continuation
     */
    synchronized void reported(List<Throwable> report) {
        if (unreported == report) {
            unreported = List.of();
        }
    }

    private static List<Throwable> concat(List<Throwable> first, List<Throwable> second) {
        if (first.isEmpty()) {
            return second;
        }
        if (second.isEmpty()) {
            return first;
        }
        List<Throwable> both = new ArrayList<>(first.size() + second.size());
        both.addAll(first);
        both.addAll(second);
        return List.copyOf(both);
    }

    private void throwFailures(Round round) {
        List<Throwable> failures = round.report();
        if (failures.isEmpty()) {
            return;
        }
        reported(failures);
        JobFailedException exception = new JobFailedException(failures.size()
                + " job(s) of a syn of runtime '" + runtime.name() + "' failed; the first is the"
                + " cause, the others are suppressed", failures.get(0));
        for (int i = 1; i < failures.size(); i++) {
            exception.addSuppressed(failures.get(i));
        }
        throw exception;
    }

    @Override
    public String toString() {
        return "Syn[runtime=" + runtime.name() + ", pending=" + pending() + "]";
    }

    /** awaitUntil's wait: over when the condition holds or the round ended. */
    private static final class Until implements Awaitable {

        private final Round round;
        private final BooleanSupplier condition;

        Until(Round round, BooleanSupplier condition) {
            this.round = round;
            this.condition = condition;
        }

        @Override
        public boolean isDone() {
            return round.isDone() || condition.getAsBoolean();
        }

        @Override
        public void addWaiter(Thread thread) {
            round.addWaiter(thread);
        }

        @Override
        public void removeWaiter(Thread thread) {
            round.removeWaiter(thread);
        }
    }
}
