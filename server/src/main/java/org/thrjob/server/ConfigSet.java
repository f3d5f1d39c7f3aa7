package org.thrjob.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.thrjob.blocking.CommandContext;
import org.thrjob.ichannel.ChannelConfig;

/**
 * {@code CONFIG SET name value [name value ...]}, as Redis's {@code configSetCommand}: every pair is
 * checked first (with Redis's error texts), then all are applied, so a bad pair changes nothing.
 *
 * <table class="striped">
 *   <caption>What changes at run time</caption>
 *   <tr><th>option</th><th>effect</th></tr>
 *   <tr><td>{@code appendonly}</td><td>{@code yes}: the data set is written to a new append-only
 *       file at once (on the main thread: there is no fork) and every write is appended from then
 *       on; {@code no}: the file is written, synced and closed</td></tr>
 *   <tr><td>{@code appendfsync}</td><td>the policy of the next flush</td></tr>
 *   <tr><td>{@code requirepass}</td><td>new connections must AUTH with it; connected ones stay</td></tr>
 *   <tr><td>{@code maxclients}</td><td>the next accepted connection is counted against it</td></tr>
 *   <tr><td>{@code timeout}, {@code client-output-buffer-limit}</td><td>from the next client check</td></tr>
 *   <tr><td>{@code dir}</td><td>a protected config, as in Redis 7: refused unless
 *       {@code enable-protected-configs} is {@code yes} (or {@code local} and the client is on
 *       loopback); then where the next append-only file is made; an open one stays</td></tr>
 *   <tr><td>{@code busy-reply-threshold}, {@code lua-time-limit}</td><td>one value under two names
 *       (Redis's alias): milliseconds a yielding module command runs before other clients get
 *       {@code -BUSY}; for the commands and thread-safe contexts that begin afterwards</td></tr>
 *   <tr><td>{@code save}</td><td>only {@code ""}: there are no RDB snapshots</td></tr>
 *   <tr><td>{@code port}, {@code bind}</td><td>the listener moves (bound anew first, so a failure
 *       changes nothing; connected clients stay), before any other pair is applied</td></tr>
 * </table>
 * Anything else ({@code databases}, {@code appendfilename},
 * {@code provider}, {@code enable-protected-configs}) is {@code can't set immutable config}.
 *
 * <p><b>Thread-safety:</b> not thread-safe: the main thread, under the GIL, as every command.
 */
final class ConfigSet {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigSet.class);

    /** The options CONFIG SET may change while the server runs. */
    static final Set<String> MUTABLE = Set.of("appendonly", "appendfsync", "requirepass", "maxclients",
            "timeout", "client-output-buffer-limit", "dir", "save", "port", "bind",
            "slowlog-log-slower-than", "slowlog-max-len", "busy-reply-threshold", "lua-time-limit");

    /** Redis 7's protected configs: changed only when {@code enable-protected-configs} allows it. */
    static final Set<String> PROTECTED = Set.of("dir");

    private final RedisServer server;

    ConfigSet(RedisServer server) {
        this.server = server;
    }

    /** A pair that failed its check: the option named in Redis's message, and the reason. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String name;

        Refused(String name, String reason) {
            super(reason, null, false, false);
            this.name = name;
        }
    }

    /**
     * Runs CONFIG SET; {@code args} starts with CONFIG, SET.
     *
     * @param ctx  the command's context (the reply goes there)
     * @param args the whole command
     */
    void run(CommandContext ctx, List<byte[]> args) {
        if (args.size() < 4 || args.size() % 2 != 0) {
            ctx.replyError("ERR wrong number of arguments for 'config|set' command");
            return;
        }
        Map<String, String> checked = new LinkedHashMap<>();
        try {
            for (int i = 2; i < args.size(); i += 2) {
                String name = Args.text(args.get(i)).toLowerCase(Locale.ROOT);
                String value = Args.text(args.get(i + 1));
                if (server.config.get(name) == null) {
                    ctx.replyError("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
                    return;
                }
                if (checked.containsKey(name)) {
                    throw new Refused(name, "duplicate parameter");
                }
                checked.put(name, check(ctx, name, value));
            }
            if (checked.containsKey("port") || checked.containsKey("bind")) {
                listen(checked.getOrDefault("port", server.config.get("port")),
                        checked.getOrDefault("bind", server.config.get("bind")),
                        checked.containsKey("port") ? "port" : "bind");
            }
            for (Map.Entry<String, String> e : checked.entrySet()) {
                apply(e.getKey(), e.getValue());
            }
        } catch (Refused r) {
            ctx.replyError("ERR CONFIG SET failed (possibly related to argument '" + r.name + "') - "
                    + r.getMessage());
            return;
        }
        ctx.replySimple("OK");
    }

    /** Checks one pair and returns the value to store, as CONFIG GET will show it. */
    private String check(CommandContext ctx, String name, String value) throws Refused {
        if (!MUTABLE.contains(name)) {
            throw new Refused(name, "can't set immutable config");
        }
        if (PROTECTED.contains(name) && !protectedAllowed(ctx)) {
            throw new Refused(name, "can't set protected config");
        }
        switch (name) {
            case "appendonly":
                return yesNo(name, value);
            case "appendfsync": {
                String v = value.toLowerCase(Locale.ROOT);
                if (!List.of("always", "everysec", "no").contains(v)) {
                    throw new Refused(name, "argument(s) must be one of the following: always, everysec, no");
                }
                return v;
            }
            case "maxclients":
                return Integer.toString(integer(name, value, 1, 1_000_000));
            case "port":
                return Integer.toString(integer(name, value, 0, 65535));
            case "bind": {
                String[] words = value.strip().isEmpty() ? new String[0] : value.strip().split("\\s+");
                if (words.length != 1) {
                    throw new Refused(name, words.length == 0 ? "Failed to bind to specified addresses."
                            : "Too many bind addresses specified.");
                }
                return words[0];
            }
            case "timeout":
                return Integer.toString(integer(name, value, 0, Integer.MAX_VALUE));
            case "slowlog-log-slower-than":
                return Long.toString(longValue(name, value, -1));
            case "slowlog-max-len":
            case "busy-reply-threshold":
            case "lua-time-limit":
                return Long.toString(longValue(name, value, 0));
            case "client-output-buffer-limit":
                return outputLimit(name, value);
            case "dir": {
                Path dir = Path.of(value).toAbsolutePath().normalize();
                if (!Files.exists(dir)) {
                    throw new Refused(name, "No such file or directory");
                }
                if (!Files.isDirectory(dir)) {
                    throw new Refused(name, "Not a directory");
                }
                return dir.toString();
            }
            case "save":
                if (!value.isBlank()) {
                    throw new Refused(name, "Invalid save parameters: this server takes no RDB snapshots,"
                            + " only save \"\" is accepted (its persistence is appendonly yes)");
                }
                return "";
            default: // requirepass: any string, empty for none
                return value;
        }
    }

    /** Redis 7's {@code enable-protected-configs}: no, yes, or local (loopback clients only). */
    private boolean protectedAllowed(CommandContext ctx) {
        String mode = server.config.get("enable-protected-configs");
        if (mode.equals("yes")) {
            return true;
        }
        if (mode.equals("local")) {
            Client c = server.client(ctx.clientId());
            return c != null && c.connection.peer().getAddress().isLoopbackAddress();
        }
        return false;
    }

    private static String yesNo(String name, String value) throws Refused {
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("yes") && !v.equals("no")) {
            throw new Refused(name, "argument must be 'yes' or 'no'");
        }
        return v;
    }

    private static int integer(String name, String value, int min, int max) throws Refused {
        return (int) longValue(name, value, min, max);
    }

    private static long longValue(String name, String value, long min) throws Refused {
        return longValue(name, value, min, Long.MAX_VALUE);
    }

    /** Redis's numeric config check, with its texts. */
    private static long longValue(String name, String value, long min, long max) throws Refused {
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new Refused(name, "argument couldn't be parsed into an integer");
        }
        if (n < min || n > max) {
            throw new Refused(name, "argument must be between " + min + " and " + max + " inclusive");
        }
        return n;
    }

    /**
     * Redis's {@code <class> <hard> <soft> <seconds>} groups, with its error texts. The replica and
     * pubsub classes are accepted and have nothing to limit here (no replication, no pub/sub);
     * the stored value is the normal class's.
     */
    private String outputLimit(String name, String value) throws Refused {
        String[] words = value.strip().isEmpty() ? new String[0] : value.strip().split("\\s+");
        if (words.length == 0 || words.length % 4 != 0) {
            throw new Refused(name, "Wrong number of arguments in buffer limit configuration.");
        }
        String normal = server.config.get(name);
        for (int i = 0; i < words.length; i += 4) {
            String cls = words[i].toLowerCase(Locale.ROOT);
            if (!List.of("normal", "replica", "slave", "pubsub").contains(cls)) {
                throw new Refused(name, "Invalid client class specified in buffer limit configuration.");
            }
            long[] limit = new long[3];
            for (int j = 0; j < 3; j++) {
                limit[j] = ServerConfig.memoryBytes(words[i + 1 + j]);
                if (limit[j] < 0) {
                    throw new Refused(name, "Error in hard, soft or soft_seconds setting in buffer limit"
                            + " configuration.");
                }
            }
            if (cls.equals("normal")) {
                normal = "normal " + limit[0] + " " + limit[1] + " " + limit[2];
            }
        }
        return normal;
    }

    /** Moves the listener (Redis's {@code changeListenPort}/{@code changeBindAddr}). */
    private void listen(String port, String bind, String name) throws Refused {
        ChannelConfig now = server.loop.config();
        try {
            server.loop.reconfigure(new ChannelConfig(bind, Integer.parseInt(port), now.maxClients(),
                    now.idleTimeout(), now.outputHardLimit(), now.outputSoftLimit(), now.outputSoftTime(),
                    now.protoMaxBulkLen()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("CONFIG SET {}: cannot listen on {}:{}: {}", name, bind, port, e.toString());
            throw new Refused(name, name.equals("port") ? "Unable to listen on this port"
                    : "Failed to bind to specified addresses.");
        }
    }

    /** Stores a checked value and makes it take effect. */
    private void apply(String name, String value) throws Refused {
        String old = server.config.get(name);
        switch (name) {
            case "appendonly":
                try {
                    if (value.equals("yes")) {
                        server.startAppendOnly();
                    } else {
                        server.stopAppendOnly();
                    }
                } catch (IOException e) {
                    throw new Refused(name, "the append-only file could not be "
                            + (value.equals("yes") ? "written" : "closed") + ": " + e.getMessage());
                }
                break;
            case "appendfsync":
                if (server.aof != null) {
                    server.aof.fsyncPolicy(value);
                }
                break;
            default:
                break;
        }
        server.config.set(name, value);
        if (name.equals("busy-reply-threshold") || name.equals("lua-time-limit")) {
            server.dispatcher.busyReplyThreshold(server.config.busyReplyThreshold());
        }
        if (List.of("maxclients", "timeout", "client-output-buffer-limit").contains(name) && !value.equals(old)) {
            ChannelConfig now = server.loop.config();
            long[] limit = server.config.outputLimit();
            try {
                server.loop.reconfigure(new ChannelConfig(now.bindAddress(), now.port(), server.config.maxClients(),
                        server.config.timeout(), limit[0], limit[1], Duration.ofSeconds(limit[2]),
                        now.protoMaxBulkLen()));
            } catch (IOException e) {
                throw new Refused(name, "the listener could not be kept: " + e.getMessage()); // same address: not expected
            }
        }
    }
}
