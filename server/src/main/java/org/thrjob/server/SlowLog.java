package org.thrjob.server;

import static org.thrjob.blocking.CommandFlag.ADMIN;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.thrjob.blocking.CallObserver;
import org.thrjob.blocking.ClientConnection;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandRegistry;
import org.thrjob.blocking.CommandSpec;

/**
 * Redis's slow log (slowlog.c): the commands that took at least {@code slowlog-log-slower-than}
 * microseconds, newest first, at most {@code slowlog-max-len} of them, and the {@code SLOWLOG}
 * command. The dispatcher tells it each command's whole time ({@link CallObserver}), so a
 * blocked module command is logged once unblocked, with its measured background time.
 *
 * <p><b>Thread-safety:</b> the main thread only.
 */
final class SlowLog implements CallObserver {

    /** Redis's SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING. */
    private static final int MAX_ARGC = 32;
    private static final int MAX_STRING = 128;

    /** One entry, as SLOWLOG GET shows it. */
    private record Entry(long id, long time, long micros, List<byte[]> argv, String peer, String name) {
    }

    private final RedisServer server;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    SlowLog(RedisServer server) {
        this.server = server;
    }

    void register(CommandRegistry r) {
        r.register("slowlog", -2, this::slowlog, ADMIN);
    }

    @Override
    public void commandDone(ClientConnection client, CommandSpec spec, List<byte[]> args, long nanos) {
        long threshold = server.config.slowlogSlowerThan();
        long maxLen = server.config.slowlogMaxLen();
        long micros = nanos / 1000;
        if (threshold < 0 || maxLen == 0 || micros < threshold || !(client instanceof Client c)) {
            return; // the append-only file's replay client is not logged, as Redis's loading
        }
        String peer = c.connection.peer().getAddress().getHostAddress() + ":" + c.connection.peer().getPort();
        String name = c.connection.name() == null ? "" : c.connection.name();
        entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, micros, trim(args), peer, name));
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    /** Redis keeps at most 32 arguments and 128 bytes of each, saying how much it left out. */
    private static List<byte[]> trim(List<byte[]> args) {
        int argc = Math.min(args.size(), MAX_ARGC);
        List<byte[]> out = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            if (argc != args.size() && i == argc - 1) {
                out.add(("... (" + (args.size() - argc + 1) + " more arguments)").getBytes(StandardCharsets.UTF_8));
                break;
            }
            byte[] a = args.get(i);
            if (a.length > MAX_STRING) {
                byte[] more = ("... (" + (a.length - MAX_STRING) + " more bytes)").getBytes(StandardCharsets.UTF_8);
                byte[] cut = new byte[MAX_STRING + more.length];
                System.arraycopy(a, 0, cut, 0, MAX_STRING);
                System.arraycopy(more, 0, cut, MAX_STRING, more.length);
                out.add(cut);
            } else {
                out.add(a.clone());
            }
        }
        return out;
    }

    private void slowlog(CommandContext ctx, List<byte[]> args) {
        String sub = Args.upper(args.get(1));
        if (sub.equals("RESET") && args.size() == 2) {
            entries.clear();
            ctx.replySimple("OK");
        } else if (sub.equals("LEN") && args.size() == 2) {
            ctx.replyInteger(entries.size());
        } else if (sub.equals("GET") && args.size() <= 3) {
            long count = 10;
            if (args.size() == 3) {
                Long n = Args.parseLong(args.get(2));
                if (n == null || n < -1) {
                    ctx.replyError("ERR count should be greater than or equal to -1");
                    return;
                }
                count = n == -1 ? entries.size() : n;
            }
            int n = (int) Math.min(count, entries.size());
            ctx.replyArray(n);
            Iterator<Entry> it = entries.iterator();
            for (int i = 0; i < n; i++) {
                Entry e = it.next();
                ctx.replyArray(6);
                ctx.replyInteger(e.id());
                ctx.replyInteger(e.time());
                ctx.replyInteger(e.micros());
                ctx.replyArray(e.argv().size());
                for (byte[] a : e.argv()) {
                    ctx.replyBulk(a);
                }
                ctx.replyBulk(e.peer());
                ctx.replyBulk(e.name());
            }
        } else if (sub.equals("HELP") && args.size() == 2) {
            String[] help = {
                "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog.",
                "HELP",
                "    Print this help.",
            };
            ctx.replyArray(help.length);
            for (String line : help) {
                ctx.replySimple(line);
            }
        } else {
            ctx.replyError("ERR unknown subcommand or wrong number of arguments for '"
                    + Args.text(args.get(1)) + "'. Try SLOWLOG HELP.");
        }
    }
}
