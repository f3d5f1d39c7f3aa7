package org.thrjob.threads.internal;

import java.util.ArrayList;
import java.util.List;
import org.thrjob.api.QueueStats;

/**
 * The queues of a runtime that have pending jobs, for {@code stats().queues()} (SPEC rule 8.2).
 *
 * <p>Only busy queues are listed, never all of them: a million idle queues must cost nothing here
 * (SPEC rule 3.9). A queue joins when its pending count leaves zero and leaves when it falls back
 * (see {@link QueueBase#incrementPending()} for the hand-over that keeps the two in step). The list
 * is intrusive (the links live in the queue), so joining allocates nothing; a lock guards it, taken
 * only on those idle/busy transitions, never per job of a busy queue.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread.
 */
final class ActiveQueues {

    private QueueBase first;

    synchronized void add(QueueBase queue) {
        if (queue.activeListed) {
            return;
        }
        queue.activeListed = true;
        queue.activePrev = null;
        queue.activeNext = first;
        if (first != null) {
            first.activePrev = queue;
        }
        first = queue;
    }

    synchronized void remove(QueueBase queue) {
        if (!queue.activeListed) {
            return;
        }
        queue.activeListed = false;
        if (queue.activePrev != null) {
            queue.activePrev.activeNext = queue.activeNext;
        } else {
            first = queue.activeNext;
        }
        if (queue.activeNext != null) {
            queue.activeNext.activePrev = queue.activePrev;
        }
        queue.activePrev = null;
        queue.activeNext = null;
    }

    /**
     * The stats of every listed queue that is open and still has pending jobs.
     *
     * @return a new list
     */
    List<QueueStats> snapshot() {
        List<QueueBase> queues = new ArrayList<>();
        synchronized (this) {
            for (QueueBase queue = first; queue != null; queue = queue.activeNext) {
                queues.add(queue);
            }
        }
        List<QueueStats> stats = new ArrayList<>(queues.size());
        for (QueueBase queue : queues) {
            QueueStats one = queue.stats();
            if (one.pending() > 0 && !queue.isClosedForStats()) {
                stats.add(one);
            }
        }
        return stats;
    }
}
