package org.thrjob.threads.internal;

/**
 * Turns a cycle of {@code sync} calls into an {@link IllegalStateException} instead of a deadlock
 * (SPEC rule 3.6).
 *
 * <h2>The wait-for graph</h2>
 * Vertices are queues that run one job at a time (serial, dedicated and main queues). There is an
 * edge A → B while A's running job waits in {@code B.sync(...)}: it is A's field
 * {@link QueueBase#waitingOn}, one per queue since only one of A's jobs runs at a time. A queue of
 * width above one is never a source: one of its jobs waiting does not stop the others.
 *
 * <p>Before it blocks, a caller running a job of A sets A → B and then walks the edges from B. If
 * the walk comes back to A, nothing on the cycle can ever move: each queue's running job waits for
 * a job queued behind the running job of the next. The caller removes its edge and throws, naming
 * the queues in order ("sync cycle: queue 'A' waits for 'B' which waits for 'A'"); its job fails,
 * its queue moves on, and the cycle is broken.
 *
 * <p>Edges are volatile and each caller writes its own edge before reading the others', so of two
 * callers closing a cycle at the same moment at least one sees the other's edge (both may: then
 * both throw, which is still no hang). A cycle closed by a job that is not yet running when the
 * first caller looks (B's job still queued behind others) is found later, by that job itself,
 * when it calls {@code A.sync}: A's edge to B is in place by then. The walk is bounded by
 * {@link #MAX_WALK} steps so that a chain being rewired concurrently cannot keep it busy.
 *
 * <p><b>Thread-safety:</b> static methods, called by the thread that is about to wait.
 */
final class SyncCycleDetector {

    /** The longest chain of waiting queues walked before giving up the search. */
    static final int MAX_WALK = 1024;

    private SyncCycleDetector() {
    }

    /**
     * Records that the caller, running a job of {@code from}, is about to wait for {@code target},
     * and checks that this closes no cycle.
     *
     * @param from   the queue whose job the caller runs, or null
     * @param target the queue it syncs on
     * @return the edge {@code from} had before, to give back to {@link #exit}
     * @throws IllegalStateException if waiting would close a cycle
     */
    static QueueBase enter(QueueBase from, QueueBase target) {
        if (from == null || from.width() != 1) {
            return null;
        }
        QueueBase previous = from.waitingOn;
        from.waitingOn = target;
        QueueBase queue = target;
        for (int steps = 0; queue != null && steps < MAX_WALK; steps++) {
            if (queue == from) {
                from.waitingOn = previous;
                throw new IllegalStateException(describe(from, target)
                        + ": each queue's running job waits for a job queued behind the next one's,"
                        + " so none could ever finish; post instead of sync on one of these edges,"
                        + " or use Syn.whenDone to continue once the other queue is done");
            }
            queue = queue.waitingOn;
        }
        return previous;
    }

    /**
     * Removes the caller's edge once its wait is over.
     *
     * @param from     the queue given to {@link #enter}
     * @param previous what {@code enter} returned
     */
    static void exit(QueueBase from, QueueBase previous) {
        if (from != null && from.width() == 1) {
            from.waitingOn = previous;
        }
    }

    private static String describe(QueueBase from, QueueBase target) {
        StringBuilder message = new StringBuilder("sync cycle: queue '").append(from.name())
                .append("' waits for '").append(target.name()).append('\'');
        QueueBase queue = target.waitingOn;
        for (int steps = 0; queue != null && steps < MAX_WALK; steps++) {
            message.append(" which waits for '").append(queue.name()).append('\'');
            if (queue == from) {
                break;
            }
            queue = queue.waitingOn;
        }
        return message.toString();
    }
}
