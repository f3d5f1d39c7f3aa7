/**
 * The event loop's machinery, not exported: the loop ({@link org.thrjob.ichannel.internal.Loop}),
 * connections, slots, the RESP request parser and reply encoder, and the output buffers.
 *
 * <p>Everything here but the slots' answered flag and the reply mailbox is confined to the main
 * thread, so it needs no lock: that is the point of answering through the main queue.
 */
package org.thrjob.ichannel.internal;
