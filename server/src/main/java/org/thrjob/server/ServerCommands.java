package org.thrjob.server;

import static org.thrjob.blocking.CommandFlag.ADMIN;
import static org.thrjob.blocking.CommandFlag.FAST;
import static org.thrjob.blocking.CommandFlag.NO_MULTI;
import static org.thrjob.blocking.CommandFlag.READONLY;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandFlag;
import org.thrjob.blocking.CommandRegistry;
import org.thrjob.blocking.CommandSpec;
import org.thrjob.blocking.UnblockMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server commands: PING, ECHO, INFO, CONFIG, COMMAND, CLIENT, MEMORY PURGE, MODULE LIST|UNLOAD,
 * SHUTDOWN; and the
 * table entries of the connection commands the server answers itself (AUTH, HELLO, QUIT, MULTI,
 * EXEC, DISCARD) so that COMMAND lists them.
 *
 * <p><b>Thread-safety:</b> the commands run on the main thread.
 */
final class ServerCommands {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommands.class);

    private final RedisServer server;

    ServerCommands(RedisServer server) {
        this.server = server;
    }

    void register(CommandRegistry r) {
        r.register("ping", -1, this::ping, FAST);
        r.register("echo", 2, (c, a) -> c.replyBulk(a.get(1)), FAST);
        r.register("info", -1, (c, a) -> c.replyBulk(InfoReport.build(server, a)));
        r.register("config", -2, this::config, ADMIN);
        r.register("command", -1, this::command);
        r.register("client", -2, this::client);
        r.register("module", -2, this::module, ADMIN);
        r.register("shutdown", -1, this::shutdown, ADMIN, NO_MULTI, CommandFlag.ALLOW_BUSY);
        r.register("memory", -2, this::memory);
        for (String name : List.of("auth", "hello", "quit", "multi", "exec", "discard")) {
            // answered by the server before dispatch (ConnectionCommands); reached only from EXEC
            r.register(name, -1, (c, a) -> c.replyError("ERR " + name.toUpperCase(Locale.ROOT)
                    + " is not allowed inside a transaction"), FAST);
        }
    }

    private void ping(CommandContext ctx, List<byte[]> args) {
        if (args.size() > 2) {
            ctx.replyError(CommandRegistry.wrongArityError("ping"));
        } else if (args.size() == 2) {
            ctx.replyBulk(args.get(1));
        } else {
            ctx.replySimple("PONG");
        }
    }

    // ------------------------------------------------------------------ CONFIG

    private void config(CommandContext ctx, List<byte[]> args) {
        String sub = Args.upper(args.get(1));
        switch (sub) {
            case "GET": {
                if (args.size() < 3) {
                    ctx.replyError("ERR wrong number of arguments for 'config|get' command");
                    return;
                }
                List<String[]> found = new ArrayList<>();
                for (Map.Entry<String, String> e : server.config.all().entrySet()) {
                    for (int i = 2; i < args.size(); i++) {
                        if (Glob.match(args.get(i), 0, Args.bytes(e.getKey()), 0, true)) {
                            found.add(new String[] {e.getKey(), e.getValue()});
                            break;
                        }
                    }
                }
                ctx.replyMap(found.size());
                for (String[] pair : found) {
                    ctx.replyBulk(pair[0]);
                    ctx.replyBulk(pair[1]);
                }
                return;
            }
            case "SET":
                new ConfigSet(server).run(ctx, args);
                return;
            case "RESETSTAT":
                InfoReport.resetStats(server);
                ctx.replySimple("OK");
                return;
            default:
                ctx.replyError("ERR unknown subcommand '" + Args.text(args.get(1))
                        + "'. Try CONFIG HELP.");
        }
    }

    // ------------------------------------------------------------------ COMMAND

    private void command(CommandContext ctx, List<byte[]> args) {
        List<CommandSpec> specs = new ArrayList<>(server.registry.commands());
        specs.sort((a, b) -> a.name().compareTo(b.name()));
        if (args.size() == 1) {
            ctx.replyArray(specs.size());
            for (CommandSpec spec : specs) {
                commandInfo(ctx, spec);
            }
            return;
        }
        String sub = Args.upper(args.get(1));
        switch (sub) {
            case "COUNT":
                ctx.replyInteger(specs.size());
                return;
            case "INFO": {
                ctx.replyArray(args.size() - 2);
                for (int i = 2; i < args.size(); i++) {
                    CommandSpec spec = server.registry.lookup(args.get(i)).orElse(null);
                    if (spec == null) {
                        ctx.replyNull();
                    } else {
                        commandInfo(ctx, spec);
                    }
                }
                return;
            }
            case "DOCS": {
                // redis-cli asks for the docs of every command to show hints; a summary and the
                // command's group are what it needs to work.
                List<CommandSpec> shown = new ArrayList<>();
                if (args.size() == 2) {
                    shown = specs;
                } else {
                    for (int i = 2; i < args.size(); i++) {
                        server.registry.lookup(args.get(i)).ifPresent(shown::add);
                    }
                }
                ctx.replyMap(shown.size());
                for (CommandSpec spec : shown) {
                    ctx.replyBulk(spec.name());
                    ctx.replyMap(3);
                    ctx.replyBulk("summary");
                    ctx.replyBulk(spec.name().toUpperCase(Locale.ROOT) + " (module " + spec.module() + ")");
                    ctx.replyBulk("since");
                    ctx.replyBulk("1.0.0");
                    ctx.replyBulk("group");
                    ctx.replyBulk(spec.module().equals("host") ? "generic" : "module");
                }
                return;
            }
            default:
                ctx.replyError("ERR unknown subcommand '" + Args.text(args.get(1)) + "'. Try COMMAND HELP.");
        }
    }

    /** {@code [name, arity, [flags], first key, last key, step]} as COMMAND INFO gives it. */
    private static void commandInfo(CommandContext ctx, CommandSpec spec) {
        ctx.replyArray(6);
        ctx.replyBulk(spec.name());
        ctx.replyInteger(spec.arity());
        List<String> flags = new ArrayList<>();
        for (CommandFlag flag : spec.flags()) {
            flags.add(flag.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        ctx.replySet(flags.size());
        for (String flag : flags) {
            ctx.replySimple(flag);
        }
        boolean keyed = spec.flags().contains(CommandFlag.WRITE) || spec.flags().contains(READONLY);
        ctx.replyInteger(keyed ? 1 : 0);
        ctx.replyInteger(keyed ? 1 : 0);
        ctx.replyInteger(keyed ? 1 : 0);
    }

    // ------------------------------------------------------------------ CLIENT

    static String checkClientName(String name) {
        for (char ch : name.toCharArray()) {
            if (ch < '!' || ch > '~') {
                return "ERR Client names cannot contain spaces, newlines or special characters.";
            }
        }
        return null;
    }

    private void client(CommandContext ctx, List<byte[]> args) {
        String sub = Args.upper(args.get(1));
        Client self = server.client(ctx.clientId());
        switch (sub) {
            case "ID":
                ctx.replyInteger(ctx.clientId());
                return;
            case "GETNAME": {
                String name = self == null ? null : self.connection.name();
                if (name == null) {
                    ctx.replyNull();
                } else {
                    ctx.replyBulk(name);
                }
                return;
            }
            case "SETNAME": {
                if (args.size() != 3) {
                    ctx.replyError("ERR wrong number of arguments for 'client|setname' command");
                    return;
                }
                String name = Args.text(args.get(2));
                String error = checkClientName(name);
                if (error != null) {
                    ctx.replyError(error);
                    return;
                }
                if (self != null) {
                    self.connection.name(name.isEmpty() ? null : name);
                }
                ctx.replySimple("OK");
                return;
            }
            case "SETINFO":
                // Client libraries (Jedis, redis-py) announce their name and version this way.
                ctx.replySimple("OK");
                return;
            case "LIST": {
                StringBuilder out = new StringBuilder();
                long now = Instant.now().getEpochSecond();
                for (Client c : server.clients()) {
                    out.append("id=").append(c.id())
                            .append(" addr=").append(c.connection.peer().getAddress().getHostAddress())
                            .append(':').append(c.connection.peer().getPort())
                            .append(" laddr=").append(server.loop.localAddress().getAddress().getHostAddress())
                            .append(':').append(server.port())
                            .append(" name=").append(c.connection.name() == null ? "" : c.connection.name())
                            .append(" age=").append(now - c.connection.createdAt().getEpochSecond())
                            .append(" idle=").append(now - c.connection.lastActiveAt().getEpochSecond())
                            .append(" flags=").append(c.multi != null ? "x" : c.waitingReplies() > 0 && c.id() != ctx.clientId() ? "b" : "N")
                            .append(" db=").append(c.db())
                            .append(" multi=").append(c.multi == null ? -1 : c.multi.size())
                            .append(" user=default")
                            .append(" resp=").append(c.respVersion())
                            .append(" cmd=").append(c.id() == ctx.clientId() ? "client|list" : c.lastCommand)
                            .append('\n');
                }
                ctx.replyBulk(out.toString());
                return;
            }
            case "KILL": {
                if (args.size() == 3) {
                    // the old form: CLIENT KILL addr:port
                    String addr = Args.text(args.get(2));
                    for (Client c : server.clients()) {
                        String peer = c.connection.peer().getAddress().getHostAddress() + ":" + c.connection.peer().getPort();
                        if (peer.equals(addr)) {
                            c.connection.closeAfterReplies();
                            ctx.replySimple("OK");
                            return;
                        }
                    }
                    ctx.replyError("ERR No such client");
                    return;
                }
                if (args.size() != 4 || !Args.is(args.get(2), "ID")) {
                    ctx.replyError(Args.SYNTAX);
                    return;
                }
                Long id = Args.parseLong(args.get(3));
                if (id == null || id <= 0) {
                    ctx.replyError("ERR client-id should be greater than 0");
                    return;
                }
                Client target = server.client(id);
                if (target == null) {
                    ctx.replyInteger(0);
                    return;
                }
                if (target.id() == ctx.clientId()) {
                    target.connection.closeAfterReplies(); // Redis closes the caller after the reply
                } else {
                    target.connection.close();
                }
                ctx.replyInteger(1);
                return;
            }
            case "UNBLOCK": {
                if (args.size() < 3 || args.size() > 4) {
                    ctx.replyError("ERR wrong number of arguments for 'client|unblock' command");
                    return;
                }
                Long id = Args.parseLong(args.get(2));
                if (id == null) {
                    ctx.replyError(Args.NOT_INTEGER);
                    return;
                }
                UnblockMode mode = UnblockMode.TIMEOUT;
                if (args.size() == 4) {
                    if (Args.is(args.get(3), "ERROR")) {
                        mode = UnblockMode.ERROR;
                    } else if (!Args.is(args.get(3), "TIMEOUT")) {
                        ctx.replyError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
                        return;
                    }
                }
                ctx.replyInteger(server.dispatcher.clientUnblock(id, mode) ? 1 : 0);
                return;
            }
            default:
                ctx.replyError("ERR unknown subcommand '" + Args.text(args.get(1)) + "'. Try CLIENT HELP.");
        }
    }

    // ------------------------------------------------------------------ MEMORY, MODULE, SHUTDOWN

    /**
     * MEMORY PURGE: Redis asks its allocator to return free pages; the JVM's counterpart is a
     * full collection, after which {@code used_memory} counts live data only (the memory
     * benchmark reads it so).
     */
    private void memory(CommandContext ctx, List<byte[]> args) {
        if (Args.is(args.get(1), "PURGE") && args.size() == 2) {
            System.gc();
            ctx.replySimple("OK");
        } else {
            ctx.replyError("ERR unknown subcommand or wrong number of arguments for '"
                    + Args.text(args.get(1)) + "'. Try MEMORY HELP.");
        }
    }

    private void module(CommandContext ctx, List<byte[]> args) {
        if (Args.is(args.get(1), "UNLOAD") && args.size() == 3) {
            ModuleUnload.run(server, ctx, Args.text(args.get(2)));
            return;
        }
        if (!Args.is(args.get(1), "LIST") || args.size() != 2) {
            ctx.replyError("ERR unknown subcommand or wrong number of arguments for '"
                    + Args.text(args.get(1)) + "'. Try MODULE HELP.");
            return;
        }
        List<String> modules = server.registry.modules();
        ctx.replyArray(modules.size());
        for (String name : modules) {
            ctx.replyMap(2);
            ctx.replyBulk("name");
            ctx.replyBulk(name);
            ctx.replyBulk("ver");
            ctx.replyInteger(1);
        }
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE]. There are no RDB snapshots; what the words mean here:
     * <ul>
     *   <li>always (as Redis with the AOF on): the append-only file, if on, is written and synced
     *       before the server exits;</li>
     *   <li>no word, or NOSAVE: nothing more (with {@code save ""}, the only value, Redis takes no
     *       snapshot either);</li>
     *   <li>SAVE: the data set must survive even with {@code appendonly no}: it is written to
     *       {@code dir/appendfilename} as commands ({@link AofRewrite}), the file a restart with
     *       {@code appendonly yes} replays. If that fails, SHUTDOWN answers
     *       {@code -ERR Errors trying to SHUTDOWN. Check logs.} and the server keeps serving,
     *       unless FORCE was given;</li>
     *   <li>NOW and FORCE are accepted (no replicas to wait for); SAVE with NOSAVE is a syntax
     *       error, as in Redis.</li>
     * </ul>
     * No reply on success, as Redis: the connection closes when the server exits.
     */
    private void shutdown(CommandContext ctx, List<byte[]> args) {
        boolean save = false;
        boolean nosave = false;
        boolean force = false;
        for (int i = 1; i < args.size(); i++) {
            byte[] a = args.get(i);
            if (Args.is(a, "SAVE")) {
                save = true;
            } else if (Args.is(a, "NOSAVE")) {
                nosave = true;
            } else if (Args.is(a, "FORCE")) {
                force = true;
            } else if (!Args.is(a, "NOW")) {
                ctx.replyError(Args.SYNTAX);
                return;
            }
        }
        if (save && nosave) {
            ctx.replyError(Args.SYNTAX);
            return;
        }
        if (save && server.aof == null) {
            try {
                long keys = AofRewrite.write(server.keys(), server.config.appendFile());
                LOG.info("SHUTDOWN SAVE: {} keys written to {}", keys, server.config.appendFile());
            } catch (java.io.IOException e) {
                LOG.error("SHUTDOWN SAVE could not write {}: {}", server.config.appendFile(), e.toString());
                if (!force) {
                    ctx.replyError("ERR Errors trying to SHUTDOWN. Check logs.");
                    return;
                }
            }
        }
        server.shutdown();
    }
}
