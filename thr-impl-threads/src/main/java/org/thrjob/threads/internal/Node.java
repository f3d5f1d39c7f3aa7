package org.thrjob.threads.internal;

import org.thrjob.api.Job;

/**
 * A job waiting in a queue: the job, what waits for its end (its syn round or sync caller; or null), and the link to the
 * next node of a {@link JobList}. 24 bytes with compressed pointers: the whole cost of a post
 * to a queue beyond the job itself.
 *
 * <p><b>Thread-safety:</b> written by the producer before it is published by {@link JobList#push},
 * read by the consumer after {@link JobList#poll}; {@code next} is rewritten only by the consumer.
 */
final class Node {

    final Job job;
    final Completion round;
    Node next;

    Node(Job job, Completion round) {
        this.job = job;
        this.round = round;
    }
}
