package org.thrjob.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the append-only file at start ({@code loadSingleAppendOnlyFile}): a sequence of RESP
 * multibulk commands. A last command cut short (a crash during a write) is reported and cut off,
 * as Redis does with {@code aof-load-truncated yes}; anything else that is not a command makes
 * the server refuse to start, naming the byte offset.
 *
 * <p>A transaction is written as {@code MULTI}, its writes, {@code EXEC}. Its writes are returned
 * without the two markers (replay runs them in one go anyway); a file that ends inside a
 * transaction, whether its last command is whole or cut short, has the whole transaction reverted
 * and cut off from its {@code MULTI} on, as Redis does ("Revert incomplete MULTI/EXEC transaction
 * in AOF file"): a transaction is replayed entirely or not at all.
 *
 * <p><b>Thread-safety:</b> stateless; used once, before the server serves.
 */
final class AofLoader {

    private static final Logger LOG = LoggerFactory.getLogger(AofLoader.class);

    /** Thrown when the file is corrupt: the server does not start. */
    static final class CorruptAofException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptAofException(String message) {
            super(message);
        }
    }

    /** A truncated tail: it ends inside a command. */
    private static final class Truncated extends Exception {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super(null, null, false, false);
        }
    }

    private AofLoader() {
    }

    /**
     * Reads the commands of the file, cutting a truncated tail off the file.
     *
     * @param file the file; a missing file holds no command
     * @return the commands, in order
     * @throws CorruptAofException if the file is not a sequence of commands
     * @throws IOException         if it cannot be read or cut
     */
    static List<List<byte[]>> load(Path file) throws IOException {
        List<List<byte[]>> commands = new ArrayList<>();
        if (!Files.exists(file)) {
            return commands;
        }
        byte[] data = Files.readAllBytes(file);
        int[] pos = {0};
        int multiStart = -1; // the offset of an open transaction's MULTI
        List<List<byte[]>> transaction = new ArrayList<>();
        while (pos[0] < data.length) {
            int start = pos[0];
            List<byte[]> command;
            try {
                command = command(data, pos);
            } catch (Truncated t) {
                int cut = multiStart >= 0 ? multiStart : start;
                LOG.warn("!!! Warning: short read while loading the AOF file {}!!! AOF loaded anyway"
                        + " because aof-load-truncated is enabled; the last {} bytes (from offset {})"
                        + " were {} and are cut off", file, data.length - cut, cut,
                        multiStart >= 0 ? "an incomplete MULTI/EXEC transaction" : "an incomplete command");
                cut(file, cut);
                return commands;
            }
            if (isMarker(command, "MULTI")) {
                if (multiStart >= 0) {
                    throw corrupt(start, "MULTI inside a transaction");
                }
                multiStart = start;
            } else if (isMarker(command, "EXEC")) {
                if (multiStart < 0) {
                    throw corrupt(start, "EXEC without MULTI");
                }
                commands.addAll(transaction);
                transaction.clear();
                multiStart = -1;
            } else if (multiStart >= 0) {
                transaction.add(command);
            } else {
                commands.add(command);
            }
        }
        if (multiStart >= 0) {
            LOG.warn("Revert incomplete MULTI/EXEC transaction in AOF file {}: {} commands from offset {}"
                    + " are cut off (aof-load-truncated)", file, transaction.size() + 1, multiStart);
            cut(file, multiStart);
        }
        return commands;
    }

    private static boolean isMarker(List<byte[]> command, String name) {
        return command.size() == 1 && Args.is(command.get(0), name);
    }

    private static void cut(Path file, long at) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(at);
            channel.force(true);
        }
    }

    private static List<byte[]> command(byte[] data, int[] pos) throws Truncated, CorruptAofException {
        int start = pos[0];
        if (data[start] != '*') {
            throw corrupt(start, "expected '*' starting a command");
        }
        pos[0]++;
        long count = number(data, pos);
        if (count < 1 || count > 1024 * 1024) {
            throw corrupt(start, "bad argument count " + count);
        }
        List<byte[]> args = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            if (pos[0] >= data.length) {
                throw new Truncated();
            }
            int at = pos[0];
            if (data[at] != '$') {
                throw corrupt(at, "expected '$' starting an argument");
            }
            pos[0]++;
            long len = number(data, pos);
            if (len < 0 || len > Integer.MAX_VALUE - 2) {
                throw corrupt(at, "bad argument length " + len);
            }
            if (pos[0] + len + 2 > data.length) {
                throw new Truncated();
            }
            int from = pos[0];
            int end = (int) (from + len);
            if (data[end] != '\r' || data[end + 1] != '\n') {
                throw corrupt(end, "expected CRLF after an argument");
            }
            byte[] arg = new byte[(int) len];
            System.arraycopy(data, from, arg, 0, arg.length);
            args.add(arg);
            pos[0] = end + 2;
        }
        return args;
    }

    /** Reads digits up to CRLF. */
    private static long number(byte[] data, int[] pos) throws Truncated, CorruptAofException {
        int start = pos[0];
        long n = 0;
        boolean negative = false;
        int i = start;
        while (true) {
            if (i >= data.length) {
                throw new Truncated();
            }
            byte b = data[i];
            if (b == '\r') {
                break;
            }
            if (b == '-' && i == start) {
                negative = true;
            } else if (b >= '0' && b <= '9' && i - start < 12) {
                n = n * 10 + (b - '0');
            } else {
                throw corrupt(i, "expected a number");
            }
            i++;
        }
        if (i + 1 >= data.length) {
            throw new Truncated();
        }
        if (data[i + 1] != '\n' || i == start) {
            throw corrupt(i, "expected a number ended by CRLF");
        }
        pos[0] = i + 2;
        return negative ? -n : n;
    }

    private static CorruptAofException corrupt(int offset, String what) {
        return new CorruptAofException("Bad file format reading the append only file at offset "
                + offset + ": " + what + ". Make a backup of your AOF file, then fix it (redis-check-aof"
                + " --fix) or move it away to start empty");
    }
}
