package org.thrjob.server;

import org.thrjob.blocking.Gil;
import org.thrjob.ichannel.SleepHook;

/**
 * Redis's {@code afterSleep}/{@code beforeSleep} for the module GIL
 * ({@code moduleAcquireGIL}/{@code moduleReleaseGIL}): the main thread takes modules-blocking's
 * {@link Gil} when its loop wakes and holds it for the whole turn (every request read, every
 * main-queue job, the cron), and releases it just before the loop sleeps in {@code select()}. So
 * a job that locks a {@code ThreadSafeContext} waits until the main thread has nothing to do, and
 * never runs between two commands of one turn.
 *
 * <p><b>Thread-safety:</b> called by the event loop on its thread only, as {@link SleepHook} says.
 * {@code afterSleep} may block while a thread-safe context holds the lock; {@code beforeSleep}
 * throws {@link IllegalMonitorStateException} if the loop thread does not hold it (a bug).
 */
final class GilSleepHook implements SleepHook {

    private final Gil gil;

    /**
     * A hook for one lock.
     *
     * @param gil the dispatcher's lock; not null
     */
    GilSleepHook(Gil gil) {
        this.gil = java.util.Objects.requireNonNull(gil, "gil must not be null");
    }

    @Override
    public void afterSleep() {
        gil.lock();
    }

    @Override
    public void beforeSleep() {
        gil.unlock();
    }
}
