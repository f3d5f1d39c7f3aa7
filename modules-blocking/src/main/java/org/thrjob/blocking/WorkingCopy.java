package org.thrjob.blocking;

import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.thrjob.api.Job;
import org.thrjob.api.MainQueue;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.Checks;

/**
 * "Working on copies of data inside a thread", the pattern of Redis's blocking-commands guide (the
 * Neural Redis way): a job gets a private copy of a value, works on it off the main thread, and
 * the new version replaces the old one on the main thread; readers see the old one meanwhile.
 *
 * <pre>{@code
 * BlockedClient<Net> bc = ctx.blockClient(reply, timeout, null, 0);
 * net.update(thr, Net::copy, Net::train)            // copy now, train in a job
 *    .thenAccept(bc::unblock);                      // swapped in on the main thread first
 * }</pre>
 *
 * <p><b>Thread-safety:</b> {@link #current()} and {@link #isUpdating()} from any thread (the value
 * is published safely); {@link #update} on the main thread only. One update at a time: a second
 * one while the first runs would lose the first's work, so it is refused. Null values are refused.
 *
 * @param <T> the value type; the copy must share nothing mutable with the original
 */
public final class WorkingCopy<T> {

    private final MainQueue main;
    private volatile T current;
    private volatile boolean updating;

    /**
     * Creates a holder.
     *
     * @param main    the main queue: swaps happen on its thread
     * @param initial the first version
     */
    public WorkingCopy(MainQueue main, T initial) {
        this.main = Checks.notNull(main, "main");
        this.current = Checks.notNull(initial, "initial");
    }

    /**
     * The version readers see now.
     *
     * @return the current version
     */
    public T current() {
        return current;
    }

    /**
     * Whether an update is running.
     *
     * @return true between {@link #update} and its swap
     */
    public boolean isUpdating() {
        return updating;
    }

    /**
     * Copies the current version now (on the main thread, so the copy is consistent), runs
     * {@code work} on the copy in a job of {@code thr}, then swaps the result in on the main
     * thread. The future completes on the main thread right after the swap, with the new version;
     * if the copy or the work throws, the old version stays and the future fails.
     *
     * @param thr  where the work runs
     * @param copy makes the private copy
     * @param work turns the copy into the new version; must not return null
     * @return the new version, once swapped in
     * @throws IllegalStateException if called off the main thread or while an update runs
     */
    public CompletableFuture<T> update(Thr thr, UnaryOperator<T> copy, UnaryOperator<T> work) {
        Checks.notNull(thr, "thr");
        Checks.notNull(copy, "copy");
        Checks.notNull(work, "work");
        if (main.thread() != Thread.currentThread()) {
            throw new IllegalStateException("WorkingCopy.update must be called on the main thread '"
                    + main.thread().getName() + "'");
        }
        if (updating) {
            throw new IllegalStateException("an update of this value is already running: wait for"
                    + " its future (isUpdating()) before starting another");
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        T mine;
        try {
            mine = Checks.notNull(copy.apply(current), "copy");
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return done;
        }
        updating = true;
        thr.schedule(Job.named("working copy update", () -> {
            T next;
            try {
                next = Checks.notNull(work.apply(mine), "new version");
            } catch (RuntimeException e) {
                main.post(Job.named("working copy failed", () -> {
                    updating = false;
                    done.completeExceptionally(e);
                }));
                return;
            }
            main.post(Job.named("working copy swap", () -> {
                current = next;
                updating = false;
                done.complete(next);
            }));
        }));
        return done;
    }
}
