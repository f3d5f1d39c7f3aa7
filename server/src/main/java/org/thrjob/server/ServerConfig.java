package org.thrjob.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's options, as Redis names them: from flags ({@code --port 6390}), from a config file
 * in Redis's {@code key value} format (given as the first argument, as to {@code redis-server}),
 * or both (flags win).
 *
 * <table class="striped">
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>{@code port}</td><td>6380 (0 picks a free port)</td></tr>
 *   <tr><td>{@code bind}</td><td>127.0.0.1</td></tr>
 *   <tr><td>{@code dir}</td><td>the working directory</td></tr>
 *   <tr><td>{@code appendonly}</td><td>no</td></tr>
 *   <tr><td>{@code appendfilename}</td><td>appendonly.aof (a plain name inside {@code dir})</td></tr>
 *   <tr><td>{@code appendfsync}</td><td>everysec (always, everysec, no)</td></tr>
 *   <tr><td>{@code requirepass}</td><td>none</td></tr>
 *   <tr><td>{@code maxclients}</td><td>10000</td></tr>
 *   <tr><td>{@code timeout}</td><td>0 (seconds; 0 = never)</td></tr>
 *   <tr><td>{@code client-output-buffer-limit}</td><td>normal 0 0 0</td></tr>
 *   <tr><td>{@code databases}</td><td>16</td></tr>
 *   <tr><td>{@code save}</td><td>"" (no RDB snapshots: the only value accepted; CONFIG GET
 *       shows it, as clients such as redis-benchmark ask for it)</td></tr>
 *   <tr><td>{@code provider}</td><td>none: {@code Thr.create()} picks ({@code -Dthr.provider})</td></tr>
 *   <tr><td>{@code enable-protected-configs}</td><td>no (yes, local: whether CONFIG SET may change
 *       {@code dir}, as Redis 7)</td></tr>
 * </table>
 *
 * <p><b>Thread-safety:</b> not thread-safe: the main thread owns it ({@code CONFIG SET} changes
 * it). Bad input throws {@link ConfigException} naming the option and the value.
 */
public final class ServerConfig {

    /** The option names, in the order CONFIG GET * lists them. */
    static final List<String> NAMES = List.of("port", "bind", "dir", "appendonly", "appendfilename",
            "appendfsync", "requirepass", "maxclients", "timeout", "client-output-buffer-limit",
            "databases", "save", "provider", "slowlog-log-slower-than", "slowlog-max-len",
            "enable-protected-configs", "busy-reply-threshold", "lua-time-limit");

    private final Map<String, String> values = new LinkedHashMap<>();
    /** The slow log's options, parsed once: the slow log reads them after every command. */
    private long slowlogSlowerThan = 10000;
    private long slowlogMaxLen = 128;
    private long busyReplyThreshold = 5000;

    /** The defaults. */
    public ServerConfig() {
        values.put("port", "6380");
        values.put("bind", "127.0.0.1");
        values.put("dir", Path.of("").toAbsolutePath().toString());
        values.put("appendonly", "no");
        values.put("appendfilename", "appendonly.aof");
        values.put("appendfsync", "everysec");
        values.put("requirepass", "");
        values.put("maxclients", "10000");
        values.put("timeout", "0");
        values.put("client-output-buffer-limit", "normal 0 0 0");
        values.put("databases", "16");
        values.put("save", "");
        values.put("provider", "");
        values.put("slowlog-log-slower-than", "10000");
        values.put("slowlog-max-len", "128");
        values.put("enable-protected-configs", "no");
        values.put("busy-reply-threshold", "5000");
        values.put("lua-time-limit", "5000"); // Redis's alias: both names show the one value
    }

    /**
     * Parses a command line: an optional config file first, then {@code --name value} pairs.
     *
     * @param args the arguments; not null
     * @return the checked configuration
     * @throws ConfigException for an unknown or bad option, naming it and its value
     */
    public static ServerConfig parse(String... args) {
        ServerConfig config = new ServerConfig();
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("--")) {
            config.loadFile(Path.of(args[0]));
            i = 1;
        }
        for (; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("bad argument '" + arg + "': options are given as --name value"
                        + " (e.g. --port 6390), after an optional config file path");
            }
            String name = arg.substring(2);
            List<String> words = new ArrayList<>();
            while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                words.add(args[++i]);
            }
            if (words.isEmpty() && !name.equals("requirepass")) {
                throw new ConfigException("option '" + name + "' needs a value, e.g. --" + name + " "
                        + config.values.getOrDefault(name.toLowerCase(Locale.ROOT), "<value>"));
            }
            config.set(name, String.join(" ", words));
        }
        return config;
    }

    /** Reads a Redis-style file: one {@code name value...} per line, {@code #} comments. */
    void loadFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the config file '" + file + "': " + e.getMessage()
                    + "; give an existing file, or options as --name value");
        }
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String value = parts.length > 1 ? unquote(parts[1]) : "";
            try {
                set(parts[0], value);
            } catch (ConfigException e) {
                throw new ConfigException(file + " line " + number + ": " + e.getMessage());
            }
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /**
     * Checks and sets one option.
     *
     * @param rawName the option's name, any case
     * @param value   its value
     * @throws ConfigException if the name is unknown or the value bad
     */
    void set(String rawName, String value) {
        String name = rawName.toLowerCase(Locale.ROOT);
        if (!values.containsKey(name)) {
            throw new ConfigException("unknown option '" + rawName + "' (value '" + value + "'); the options are "
                    + String.join(", ", NAMES));
        }
        String v = value.strip();
        switch (name) {
            case "port":
                intIn(name, v, 0, 65535);
                break;
            case "maxclients":
                intIn(name, v, 1, 1_000_000);
                break;
            case "timeout":
                intIn(name, v, 0, Integer.MAX_VALUE);
                break;
            case "databases":
                intIn(name, v, 1, 1_000_000);
                break;
            case "appendonly":
                v = v.toLowerCase(Locale.ROOT);
                if (!v.equals("yes") && !v.equals("no")) {
                    throw bad(name, value, "yes or no");
                }
                break;
            case "enable-protected-configs":
                v = v.toLowerCase(Locale.ROOT);
                if (!List.of("yes", "no", "local").contains(v)) {
                    throw bad(name, value, "yes, no or local");
                }
                break;
            case "appendfsync":
                v = v.toLowerCase(Locale.ROOT);
                if (!List.of("always", "everysec", "no").contains(v)) {
                    throw bad(name, value, "always, everysec or no");
                }
                break;
            case "appendfilename":
                if (v.isEmpty() || v.contains("/") || v.contains("\\") || v.equals(".") || v.equals("..")) {
                    throw bad(name, value, "a plain file name: the file always lives inside 'dir'");
                }
                break;
            case "dir":
                if (v.isEmpty()) {
                    throw bad(name, value, "a directory path");
                }
                break;
            case "bind":
                if (v.isEmpty() || v.contains(" ")) {
                    throw bad(name, value, "one address, such as 127.0.0.1 or 0.0.0.0");
                }
                break;
            case "save":
                if (!v.isEmpty() && !v.equals("\"\"")) {
                    throw bad(name, value, "\"\": this server takes no RDB snapshots, its persistence is"
                            + " the append-only file (appendonly yes)");
                }
                v = "";
                break;
            case "client-output-buffer-limit": {
                // Redis's groups of four; redis.conf files carry replica and pubsub lines, which have
                // nothing to limit here (no replication, no pub/sub): checked, then the normal one kept.
                String[] words = v.split("\\s+");
                if (words.length % 4 != 0) {
                    throw bad(name, value, "'normal <hard bytes> <soft bytes> <soft seconds>', e.g. 'normal 0 0 0'");
                }
                String normal = values.get(name);
                for (int i = 0; i < words.length; i += 4) {
                    String group = String.join(" ", java.util.Arrays.copyOfRange(words, i, i + 4));
                    String cls = words[i].toLowerCase(Locale.ROOT);
                    if (!List.of("normal", "replica", "slave", "pubsub").contains(cls)) {
                        throw bad(name, value, "groups of '<class> <hard> <soft> <seconds>' with the class"
                                + " normal, replica or pubsub");
                    }
                    outputLimit(name, "normal" + group.substring(cls.length()));
                    if (cls.equals("normal")) {
                        normal = group;
                    }
                }
                v = normal;
                break;
            }
            case "slowlog-log-slower-than":
                slowlogSlowerThan = longIn(name, v, -1);
                break;
            case "slowlog-max-len":
                slowlogMaxLen = longIn(name, v, 0);
                break;
            case "busy-reply-threshold":
            case "lua-time-limit":
                busyReplyThreshold = longIn(name, v, 0);
                v = Long.toString(busyReplyThreshold);
                values.put("busy-reply-threshold", v); // one option under two names, as Redis's alias
                values.put("lua-time-limit", v);
                return;
            default:
                v = value;
                break;
        }
        values.put(name, v);
    }

    private static ConfigException bad(String name, String value, String expected) {
        return new ConfigException("bad value '" + value + "' for option '" + name + "': expected " + expected);
    }

    private static long longIn(String name, String v, long min) {
        try {
            long n = Long.parseLong(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw bad(name, v, "an integer from " + min + " to " + Long.MAX_VALUE);
    }

    /**
     * {@code slowlog-log-slower-than}: the slow log keeps commands that took at least this many
     * microseconds; negative turns it off, 0 logs every command.
     *
     * @return the threshold in microseconds
     */
    public long slowlogSlowerThan() {
        return slowlogSlowerThan;
    }

    /**
     * {@code slowlog-max-len}: the slow log's length; older entries leave first.
     *
     * @return the most entries kept
     */
    public long slowlogMaxLen() {
        return slowlogMaxLen;
    }

    /**
     * {@code busy-reply-threshold} (alias {@code lua-time-limit}): how long a module command
     * (or thread-safe context) that yields runs before other clients get {@code -BUSY}.
     *
     * @return the threshold in milliseconds (5000 by default)
     */
    public long busyReplyThreshold() {
        return busyReplyThreshold;
    }

    private static int intIn(String name, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw bad(name, v, "an integer from " + min + " to " + max);
    }

    /** {@code normal <hard> <soft> <seconds>}: only the normal class exists here. */
    private static long[] outputLimit(String name, String v) {
        String[] parts = v.split("\\s+");
        if (parts.length != 4 || !parts[0].equalsIgnoreCase("normal")) {
            throw bad(name, v, "'normal <hard bytes> <soft bytes> <soft seconds>', e.g. 'normal 0 0 0'");
        }
        long[] out = new long[3];
        for (int i = 0; i < 3; i++) {
            out[i] = memory(name, v, parts[i + 1]);
        }
        return out;
    }

    private static long memory(String name, String v, String word) {
        long bytes = memoryBytes(word);
        if (bytes < 0) {
            throw bad(name, v, "sizes that are non-negative integers, optionally with kb, mb or gb");
        }
        return bytes;
    }

    /**
     * Redis's {@code memtoull}: digits with an optional k, kb, m, mb, g, gb (any case).
     *
     * @param word the size as written
     * @return the bytes, or -1 if the word is not such a size
     */
    static long memoryBytes(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        long unit = 1;
        for (String[] u : new String[][] {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"},
                {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}}) {
            if (w.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                w = w.substring(0, w.length() - u[0].length());
                break;
            }
        }
        if (w.isEmpty() || !w.chars().allMatch(Character::isDigit) || w.length() > 15) {
            return -1;
        }
        return Long.parseLong(w) * unit;
    }

    /**
     * The value of an option, as CONFIG GET shows it.
     *
     * @param name the lower-case name
     * @return the value, or null for an unknown option
     */
    public String get(String name) {
        return values.get(name);
    }

    /** All options, in {@link #NAMES} order. */
    Map<String, String> all() {
        return values;
    }

    /**
     * The TCP port.
     *
     * @return the TCP port
     */
    public int port() {
        return Integer.parseInt(values.get("port"));
    }

    /**
     * The address to bind.
     *
     * @return the address to bind
     */
    public String bind() {
        return values.get("bind");
    }

    /**
     * The directory of the append-only file.
     *
     * @return the directory of the append-only file
     */
    public Path dir() {
        return Path.of(values.get("dir"));
    }

    /**
     * Whether the append-only file is on.
     *
     * @return whether the append-only file is on
     */
    public boolean appendOnly() {
        return values.get("appendonly").equals("yes");
    }

    /**
     * The append-only file's path, inside {@link #dir()}.
     *
     * @return the append-only file's path, inside {@link #dir()}
     */
    public Path appendFile() {
        return dir().resolve(values.get("appendfilename"));
    }

    /**
     * always, everysec or no.
     *
     * @return always, everysec or no
     */
    public String appendFsync() {
        return values.get("appendfsync");
    }

    /**
     * The password, empty for none.
     *
     * @return the password, empty for none
     */
    public String requirePass() {
        return values.get("requirepass");
    }

    /**
     * The client limit.
     *
     * @return the client limit
     */
    public int maxClients() {
        return Integer.parseInt(values.get("maxclients"));
    }

    /**
     * The idle timeout; zero for none.
     *
     * @return the idle timeout; zero for none
     */
    public Duration timeout() {
        return Duration.ofSeconds(Integer.parseInt(values.get("timeout")));
    }

    /**
     * The output limit: hard bytes, soft bytes, soft seconds.
     *
     * @return the output limit: hard bytes, soft bytes, soft seconds
     */
    public long[] outputLimit() {
        return outputLimit("client-output-buffer-limit", values.get("client-output-buffer-limit"));
    }

    /**
     * The number of databases.
     *
     * @return the number of databases
     */
    public int databases() {
        return Integer.parseInt(values.get("databases"));
    }

    /**
     * The provider's name, empty to let {@code Thr.create()} choose.
     *
     * @return the provider's name, empty to let {@code Thr.create()} choose
     */
    public String provider() {
        return values.get("provider");
    }
}
