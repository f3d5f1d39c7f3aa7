package org.thrjob.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the whole data set as commands to a new append-only file (Redis's
 * {@code rewriteAppendOnlyFile}), for {@code CONFIG SET appendonly yes}: a SELECT per non-empty
 * database, then per key SET, RPUSH, HSET or SADD (at most 64 elements a command, Redis's
 * {@code AOF_REWRITE_ITEMS_PER_CMD}) and a PEXPIREAT for a key with a time to live. The file is
 * written beside the target, synced, then renamed over it, so a crash leaves the old file or the
 * new one, never half of one. Runs on the main thread (there is no fork), which waits meanwhile.
 * Values a third-party module stored (not strings, lists, hashes or sets) cannot be written as
 * commands and are left out, with a warning.
 *
 * <p><b>Thread-safety:</b> stateless; called on the main thread holding the GIL.
 */
final class AofRewrite {

    private static final Logger LOG = LoggerFactory.getLogger(AofRewrite.class);
    /** Redis's {@code AOF_REWRITE_ITEMS_PER_CMD}. */
    private static final int ITEMS_PER_CMD = 64;

    private AofRewrite() {
    }

    /**
     * Writes the data set to {@code target}.
     *
     * @param keys   the key space
     * @param target the file to replace (created if missing)
     * @return how many keys were written
     * @throws IOException if the file cannot be written, synced or renamed; the target is untouched
     */
    static long write(KeyStore keys, Path target) throws IOException {
        Path temp = target.resolveSibling("temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof");
        long written = 0;
        long now = KeyStore.now();
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel),
                            64 * 1024)) {
                for (int db = 0; db < keys.databases(); db++) {
                    Database d = keys.db(db);
                    if (d.dict.isEmpty()) {
                        continue;
                    }
                    command(out, List.of(ascii("SELECT"), ascii(Integer.toString(db))));
                    for (Map.Entry<Key, Object> e : d.dict.entrySet()) {
                        Long when = d.expires.get(e.getKey());
                        if (when != null && when <= now) {
                            continue; // expired: as if it were gone
                        }
                        if (!value(out, e.getKey().bytes(), e.getValue())) {
                            LOG.warn("Leaving key '{}' of db {} out of the append-only file: a module's value"
                                    + " cannot be written as commands", e.getKey(), db);
                            continue;
                        }
                        if (when != null) {
                            command(out, List.of(ascii("PEXPIREAT"), e.getKey().bytes(), ascii(Long.toString(when))));
                        }
                        written++;
                    }
                }
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return written;
    }

    /** One key's commands; false for a value that has no command form. */
    @SuppressWarnings("unchecked")
    private static boolean value(OutputStream out, byte[] key, Object value) throws IOException {
        if (value instanceof byte[]) {
            command(out, List.of(ascii("SET"), key, (byte[]) value));
        } else if (value instanceof ArrayDeque) {
            List<byte[]> items = new ArrayList<>();
            for (Object item : (ArrayDeque<Object>) value) {
                items.add((byte[]) item);
            }
            batches(out, "RPUSH", key, items);
        } else if (value instanceof Map) {
            List<byte[]> items = new ArrayList<>();
            for (Map.Entry<Object, Object> field : ((Map<Object, Object>) value).entrySet()) {
                items.add(((Key) field.getKey()).bytes());
                items.add((byte[]) field.getValue());
            }
            batches(out, "HSET", key, items);
        } else if (value instanceof LinkedHashSet) {
            List<byte[]> items = new ArrayList<>();
            for (Object member : (LinkedHashSet<Object>) value) {
                items.add(((Key) member).bytes());
            }
            batches(out, "SADD", key, items);
        } else {
            return false;
        }
        return true;
    }

    /** {@code name key items...}, at most 64 elements (a hash's field and value are one) each. */
    private static void batches(OutputStream out, String name, byte[] key, List<byte[]> items) throws IOException {
        int step = name.equals("HSET") ? 2 * ITEMS_PER_CMD : ITEMS_PER_CMD;
        for (int from = 0; from < items.size(); from += step) {
            List<byte[]> args = new ArrayList<>();
            args.add(ascii(name));
            args.add(key);
            args.addAll(items.subList(from, Math.min(items.size(), from + step)));
            command(out, args);
        }
    }

    private static void command(OutputStream out, List<byte[]> args) throws IOException {
        out.write(ascii("*" + args.size() + "\r\n"));
        for (byte[] arg : args) {
            out.write(ascii("$" + arg.length + "\r\n"));
            out.write(arg);
            out.write('\r');
            out.write('\n');
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
