package org.thrjob.bio.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;
import org.thrjob.api.ThrQueue;

/**
 * {@link CachedClock}'s start and stop: the ticker stops (its last act) while a submission stamps
 * a job. The submission either got the ticker's last time, or found the clock stopped, read the
 * real clock and posted a new ticker. Forbidden: a published time with no ticker left to refresh
 * it (every later stamp would be stale without bound), or two tickers started.
 */
@JCStressTest
@Outcome(id = "cached, stopped", expect = ACCEPTABLE, desc = "the stamp came before the stop: the last tick's time")
@Outcome(id = "own, restarted", expect = ACCEPTABLE, desc = "the stamp came after the stop: read the clock, started a new ticker")
@Outcome(expect = FORBIDDEN, desc = "a time published with no ticker to refresh it, a ticker lost or started twice")
@State
public class CachedClockStopRace {

    /** Tickers posted to the clock's queue (never run: the test plays the ticker itself). */
    private final AtomicInteger posted = new AtomicInteger();
    private final CachedClock clock = new CachedClock(recordingQueue(posted), () -> 0L);
    /** The time the first ticker started with. */
    private final long started = clock.stamp();

    /** The running ticker gives up: no submission for its linger ticks. */
    @Actor
    public void ticker() {
        clock.tickerStopped();
    }

    /**
     * A submission stamps its job.
     *
     * @param r where its stamp came from
     */
    @Actor
    public void submission(LL_Result r) {
        r.r1 = clock.stamp() == started ? "cached" : "own";
    }

    /**
     * What is left once both returned.
     *
     * @param r the clock's state
     */
    @Arbiter
    public void arbiter(LL_Result r) {
        boolean ticking = clock.ticking();
        int tickers = posted.get();
        if (!ticking && tickers == 1) {
            r.r2 = "stopped";
        } else if (ticking && tickers == 2) {
            r.r2 = "restarted";
        } else {
            r.r2 = (ticking ? "ticking" : "not ticking") + " with " + tickers + " tickers posted";
        }
    }

    private static ThrQueue recordingQueue(AtomicInteger posted) {
        return (ThrQueue) Proxy.newProxyInstance(ThrQueue.class.getClassLoader(),
                new Class<?>[] {ThrQueue.class}, (proxy, method, args) -> {
                    if (method.getName().equals("post") && args.length == 1) {
                        posted.incrementAndGet();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
