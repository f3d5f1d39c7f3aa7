package org.thrjob.ichannel;

/**
 * Redis's {@code beforeSleep} and {@code afterSleep}: what an {@link EventLoop} runs around each
 * sleep in {@code select()}. Redis releases the module GIL in one and takes it back in the other,
 * so the main thread holds it for a whole turn (every request read, every main-queue job) and a
 * thread-safe context gets it only while the loop sleeps; a hook pair is the place for that.
 *
 * <h2>When the loop calls it</h2>
 * <ul>
 *   <li>{@link #afterSleep()} once when {@link EventLoop#run()} starts, before the first turn (the
 *       loop wakes into its first turn), then after every {@code select()};</li>
 *   <li>{@link #beforeSleep()} before every {@code select()}, after the main queue was drained and
 *       the turn's replies written, and once more when the loop stops, after its last drain and
 *       the connections' close callbacks.</li>
 * </ul>
 * So the calls alternate, start with {@code afterSleep}, and every {@code afterSleep} that returned
 * normally is matched by exactly one {@code beforeSleep}: whatever the hook takes in one it may
 * release in the other. Between the two lie the turn's reads, dispatches, cron and main-queue
 * drain.
 *
 * <p><b>Thread-safety:</b> both methods are called on the loop's thread only, never at the same
 * time; they may block (taking a lock), which holds up the whole loop meanwhile.
 *
 * <p><b>Null and close:</b> the methods take no arguments; a null hook is refused by
 * {@link EventLoop#open(org.thrjob.api.Thr, ChannelConfig, RequestHandler, SleepHook)}. Once the
 * loop's {@code run()} has returned, the hook is never called again.
 *
 * <p><b>Exceptions:</b> an exception thrown by either method stops the loop: {@code run()} does its
 * usual cleanup (last drain, writes, closes) and then rethrows it. When {@code afterSleep} threw,
 * no {@code beforeSleep} follows it (it did not take what {@code beforeSleep} would release); when
 * {@code beforeSleep} threw, it is not called again.
 */
public interface SleepHook {

    /** A hook that does nothing: the loop's behaviour without one. */
    SleepHook NONE = new SleepHook() {
        @Override
        public void beforeSleep() {
        }

        @Override
        public void afterSleep() {
        }

        @Override
        public String toString() {
            return "SleepHook.NONE";
        }
    };

    /** Runs on the loop's thread just before it sleeps in {@code select()}, and when it stops. */
    void beforeSleep();

    /** Runs on the loop's thread when it starts and each time it wakes from {@code select()}. */
    void afterSleep();
}
