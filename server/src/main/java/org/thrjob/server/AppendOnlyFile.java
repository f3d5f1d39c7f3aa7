package org.thrjob.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.thrjob.bio.Bio;
import org.thrjob.bio.BioKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file (Redis's {@code aof.c}): every write command is appended in RESP; the
 * buffer is written before the replies of its turn go out, and synced as {@code appendfsync}
 * says:
 * <ul>
 *   <li>{@code always}: write and fsync on the main thread before replying;</li>
 *   <li>{@code everysec}: fsync through bio's {@code bio_aof_fsync} worker once a second, at most
 *       one in flight; while one is in flight the write is postponed, up to 2 s, after which it
 *       goes ahead and counts as a delayed fsync ({@code aof_delayed_fsync});</li>
 *   <li>{@code no}: write only; the kernel syncs.</li>
 * </ul>
 * After an fsync or write failure, write commands are refused with {@code -MISCONF} until a sync
 * succeeds again.
 *
 * <p><b>Thread-safety:</b> not thread-safe: the main thread only; bio runs the fsyncs.
 */
final class AppendOnlyFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppendOnlyFile.class);

    private final Bio bio;
    private final FileChannel channel;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 * 1024);
    private String fsync;
    private int selectedDb = -1;
    private long lastFsyncMs = System.currentTimeMillis();
    private long postponedSinceMs;
    private long delayedFsyncs;
    private String writeError;
    private long size;
    /** Inside EXEC: the next write opens the MULTI block. */
    private boolean inTransaction;
    /** Whether this transaction's MULTI was written: its EXEC is due. */
    private boolean multiWritten;

    AppendOnlyFile(Path path, String fsync, Bio bio) throws IOException {
        this(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), fsync, bio);
    }

    /** Over an open channel: the tests give one whose fsync fails. */
    AppendOnlyFile(FileChannel channel, String fsync, Bio bio) throws IOException {
        this.bio = bio;
        this.fsync = fsync;
        this.channel = channel;
        this.size = channel.size();
    }

    void fsyncPolicy(String policy) {
        this.fsync = policy;
    }

    /** Appends a command, preceded by a SELECT when the database changed ({@code feedAppendOnlyFile}). */
    void feed(int db, List<byte[]> args) {
        if (db != selectedDb) {
            append(List.of("SELECT".getBytes(StandardCharsets.US_ASCII),
                    Integer.toString(db).getBytes(StandardCharsets.US_ASCII)));
            selectedDb = db;
        }
        if (inTransaction && !multiWritten) {
            append(List.of("MULTI".getBytes(StandardCharsets.US_ASCII)));
            multiWritten = true;
        }
        append(args);
    }

    /**
     * EXEC begins: the writes until {@link #endTransaction()} are wrapped in MULTI ... EXEC, as Redis
     * propagates a transaction, so that a file cut inside it replays none of it. A transaction
     * that writes nothing leaves nothing.
     */
    void beginTransaction() {
        inTransaction = true;
        multiWritten = false;
    }

    /** EXEC ends: closes the block with EXEC if one was opened. Harmless outside a transaction. */
    void endTransaction() {
        if (multiWritten) {
            append(List.of("EXEC".getBytes(StandardCharsets.US_ASCII)));
        }
        inTransaction = false;
        multiWritten = false;
    }

    private void append(List<byte[]> args) {
        header('*', args.size());
        for (byte[] arg : args) {
            header('$', arg.length);
            buffer.write(arg, 0, arg.length);
            buffer.write('\r');
            buffer.write('\n');
        }
    }

    private void header(char type, int n) {
        buffer.write(type);
        byte[] digits = Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
        buffer.write(digits, 0, digits.length);
        buffer.write('\r');
        buffer.write('\n');
    }

    boolean hasPending() {
        return buffer.size() > 0;
    }

    /**
     * Writes the buffer and syncs as the policy says ({@code flushAppendOnlyFile}); called before
     * the turn's replies are written, and by the cron.
     *
     * @param force write even if an everysec fsync is in flight (shutdown)
     */
    void flush(boolean force) {
        long now = System.currentTimeMillis();
        boolean everysec = fsync.equals("everysec");
        if (buffer.size() > 0) {
            if (everysec && !force && bio.pending(BioKind.AOF_FSYNC) > 0) {
                if (postponedSinceMs == 0) {
                    postponedSinceMs = now;
                    return;
                }
                if (now - postponedSinceMs < 2000) {
                    return;
                }
                delayedFsyncs++; // the disk is slow: write anyway, as Redis does after 2 s
                LOG.warn("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF"
                        + " buffer without waiting for fsync to complete, this may slow down the server.");
            }
            postponedSinceMs = 0;
            try {
                ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
                while (bytes.hasRemaining()) {
                    size += channel.write(bytes);
                }
                buffer.reset();
                writeError = null;
            } catch (IOException e) {
                writeError = String.valueOf(e.getMessage());
                LOG.error("Error writing to the AOF file: {}", e.toString());
                return;
            }
            if (fsync.equals("always")) {
                try {
                    channel.force(false);
                    lastFsyncMs = now;
                } catch (IOException e) {
                    writeError = String.valueOf(e.getMessage());
                    LOG.error("Can't persist AOF for fsync error when the AOF fsync policy is 'always': {}", e.toString());
                }
                return;
            }
        }
        if (everysec && now - lastFsyncMs >= 1000 && bio.pending(BioKind.AOF_FSYNC) == 0) {
            bio.fsync(channel);
            lastFsyncMs = now;
        }
    }

    /** Whether write commands must be refused: the last write or fsync failed. */
    String error() {
        if (writeError != null) {
            return writeError;
        }
        return bio.fsyncStatus().error().map(e -> String.valueOf(e.getMessage())).orElse(null);
    }

    long delayedFsyncs() {
        return delayedFsyncs;
    }

    long size() {
        return size;
    }

    String policy() {
        return fsync;
    }

    /**
     * Writes what is buffered and syncs on the calling thread, then hands the file to bio's
     * {@code bio_close_file} worker to close, as Redis closes its old AOF files.
     */
    @Override
    public void close() throws IOException {
        endTransaction();
        flush(true);
        bio.drain(BioKind.AOF_FSYNC);
        channel.force(true);
        bio.close(channel);
    }
}
