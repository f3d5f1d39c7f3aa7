package org.thrjob.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
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
    private static final int BUFFER_INITIAL = 64 * 1024;
    /**
     * The most a written buffer keeps: one that grew bigger (writes postponed behind a slow
     * fsync) is dropped, as Redis frees an aof_buf that grew, rather than held for good.
     */
    private static final int BUFFER_KEPT = 1024 * 1024;
    private static final byte[] MULTI = encode("MULTI");
    private static final byte[] EXEC = encode("EXEC");
    /** {@code SELECT n} for the default 16 databases, encoded once. */
    private static final byte[][] SELECT = new byte[16][];

    static {
        for (int db = 0; db < SELECT.length; db++) {
            SELECT[db] = encode("SELECT", Integer.toString(db));
        }
    }

    /*
     * Redis's aof_buf: a plain array the commands are encoded into with no allocation per command
     * (not a ByteArrayOutputStream, whose every write takes a monitor), written whole by one
     * write(2) per flush, then reused.
     */
    private byte[] buffer = new byte[BUFFER_INITIAL];
    private int count;
    private String fsync;
    private int selectedDb = -1;
    private long lastFsyncMs = System.currentTimeMillis();
    private long postponedSinceMs;
    private long delayedFsyncs;
    private String writeError;
    private long size;
    /** {@link #size} when the last fsync was handed to bio: nothing new to sync while equal. */
    private long fsyncedSize;
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
        this.fsyncedSize = size;
    }

    private static byte[] encode(String... args) {
        StringBuilder resp = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String arg : args) {
            resp.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.US_ASCII);
    }

    void fsyncPolicy(String policy) {
        this.fsync = policy;
    }

    /** Appends a command, preceded by a SELECT when the database changed ({@code feedAppendOnlyFile}). */
    void feed(int db, List<byte[]> args) {
        if (db != selectedDb) {
            appendEncoded(db < SELECT.length ? SELECT[db] : encode("SELECT", Integer.toString(db)));
            selectedDb = db;
        }
        if (inTransaction && !multiWritten) {
            appendEncoded(MULTI);
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
            appendEncoded(EXEC);
        }
        inTransaction = false;
        multiWritten = false;
    }

    private void append(List<byte[]> args) {
        int n = args.size();
        int need = 16;
        for (int i = 0; i < n; i++) {
            need += args.get(i).length + 16; // '$', up to 11 digits, two CRLFs
        }
        reserve(need);
        header('*', n);
        for (int i = 0; i < n; i++) {
            byte[] arg = args.get(i);
            header('$', arg.length);
            System.arraycopy(arg, 0, buffer, count, arg.length);
            count += arg.length;
            buffer[count++] = '\r';
            buffer[count++] = '\n';
        }
    }

    /** Appends the pre-encoded bytes of a whole command (SELECT 0, MULTI, EXEC). */
    private void appendEncoded(byte[] command) {
        reserve(command.length);
        System.arraycopy(command, 0, buffer, count, command.length);
        count += command.length;
    }

    /** Makes room for {@code more} bytes: the buffer doubles, as Redis's sds grows. */
    private void reserve(int more) {
        if (buffer.length - count >= more) {
            return;
        }
        long wanted = Math.max((long) buffer.length * 2, (long) count + more);
        if (wanted > Integer.MAX_VALUE - 8) {
            wanted = (long) count + more;
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("the append-only buffer would pass 2 GB: the disk does not keep up");
            }
        }
        buffer = Arrays.copyOf(buffer, (int) wanted);
    }

    /** {@code type} then {@code n} in decimal then CRLF, written in place: no string per header. */
    private void header(char type, int n) {
        byte[] b = buffer;
        int at = count;
        b[at++] = (byte) type;
        int digits = 1;
        for (int rest = n / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int end = at + digits;
        for (int i = end - 1, rest = n; i >= at; i--, rest /= 10) {
            b[i] = (byte) ('0' + rest % 10);
        }
        b[end] = '\r';
        b[end + 1] = '\n';
        count = end + 2;
    }

    boolean hasPending() {
        return count > 0;
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
        if (count > 0) {
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
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, count);
            try {
                while (bytes.hasRemaining()) {
                    size += channel.write(bytes);
                }
                writeError = null;
            } catch (IOException e) {
                // What went out stays out; the rest is written by the next flush.
                int written = bytes.position();
                System.arraycopy(buffer, written, buffer, 0, count - written);
                count -= written;
                writeError = String.valueOf(e.getMessage());
                LOG.error("Error writing to the AOF file: {}", e.toString());
                return;
            }
            count = 0;
            if (buffer.length > BUFFER_KEPT) {
                buffer = new byte[BUFFER_INITIAL];
            }
            if (fsync.equals("always")) {
                try {
                    channel.force(false);
                    lastFsyncMs = now;
                    fsyncedSize = size;
                } catch (IOException e) {
                    writeError = String.valueOf(e.getMessage());
                    LOG.error("Can't persist AOF for fsync error when the AOF fsync policy is 'always': {}", e.toString());
                }
                return;
            }
        }
        // As Redis: an fsync only when something was written since the last one, or to find out
        // whether a disk that failed the last one works again (writes are refused meanwhile).
        if (everysec && now - lastFsyncMs >= 1000 && (size != fsyncedSize || !bio.fsyncStatus().isOk())
                && bio.pending(BioKind.AOF_FSYNC) == 0) {
            bio.fsync(channel);
            lastFsyncMs = now;
            fsyncedSize = size;
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
