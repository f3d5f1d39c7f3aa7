package org.thrjob.server;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.thrjob.api.QueueStats;
import org.thrjob.api.ThrStats;
import org.thrjob.bio.BioKind;
import org.thrjob.bio.BioStats;
import org.thrjob.blocking.BlockingStats;
import org.thrjob.blocking.CommandStats;
import org.thrjob.ichannel.ChannelStats;

/**
 * The text of INFO: Redis's sections server, clients, memory, persistence, stats, commandstats,
 * keyspace, and thrjob's own threads (the provider and its counters) and bio (pending jobs per
 * kind, the oldest one's age).
 *
 * <p><b>Thread-safety:</b> the main thread only.
 */
final class InfoReport {

    private static final List<String> DEFAULT = List.of("server", "clients", "memory", "persistence",
            "stats", "threads", "bio", "errorstats", "keyspace");

    private InfoReport() {
    }

    /** CONFIG RESETSTAT: the command and error counters start again from zero. */
    static void resetStats(RedisServer server) {
        server.dispatcher.resetStats();
        server.errorStats.reset();
        server.commandsOnConnection = 0;
    }

    static String build(RedisServer server, List<byte[]> args) {
        List<String> sections;
        if (args.size() == 1) {
            sections = DEFAULT;
        } else {
            sections = new java.util.ArrayList<>();
            for (int i = 1; i < args.size(); i++) {
                String s = Args.text(args.get(i)).toLowerCase(Locale.ROOT);
                if (s.equals("all") || s.equals("everything")) {
                    sections = new java.util.ArrayList<>(DEFAULT);
                    sections.add("commandstats");
                    break;
                }
                sections.add(s.equals("default") ? "server" : s);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String section : sections) {
            int before = out.length();
            switch (section) {
                case "server":
                    server(server, out);
                    break;
                case "clients":
                    clients(server, out);
                    break;
                case "memory":
                    memory(out);
                    break;
                case "persistence":
                    persistence(server, out);
                    break;
                case "stats":
                    stats(server, out);
                    break;
                case "commandstats":
                    commandstats(server, out);
                    break;
                case "threads":
                    threads(server, out);
                    break;
                case "bio":
                    bio(server, out);
                    break;
                case "keyspace":
                    keyspace(server, out);
                    break;
                case "errorstats":
                    errorstats(server, out);
                    break;
                default:
                    break; // Redis ignores unknown sections
            }
            if (out.length() > before) {
                out.append("\r\n");
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private static void server(RedisServer s, StringBuilder out) {
        out.append("# Server\r\n");
        line(out, "redis_version", RedisServer.REDIS_VERSION);
        line(out, "thrjob_server", "org.thrjob.server");
        line(out, "redis_mode", "standalone");
        line(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        line(out, "java_version", System.getProperty("java.version"));
        line(out, "process_id", ProcessHandle.current().pid());
        line(out, "tcp_port", s.port());
        long uptime = (System.currentTimeMillis() - s.startedAt.toEpochMilli()) / 1000;
        line(out, "uptime_in_seconds", uptime);
        line(out, "uptime_in_days", uptime / 86400);
        line(out, "executable", "java -m org.thrjob.server");
    }

    private static void clients(RedisServer s, StringBuilder out) {
        ChannelStats channel = s.loop.stats();
        out.append("# Clients\r\n");
        line(out, "connected_clients", channel.connections());
        line(out, "maxclients", s.config.maxClients());
        line(out, "blocked_clients", s.blockedClients());
    }

    private static void memory(StringBuilder out) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        out.append("# Memory\r\n");
        line(out, "used_memory", used);
        line(out, "used_memory_human", String.format(Locale.ROOT, "%.2fM", used / 1048576.0));
        line(out, "used_memory_heap_committed", rt.totalMemory());
        line(out, "maxmemory", rt.maxMemory());
        line(out, "mem_allocator", "jvm-" + System.getProperty("java.vm.name", "java").replace(' ', '-'));
    }

    private static void persistence(RedisServer s, StringBuilder out) {
        out.append("# Persistence\r\n");
        line(out, "loading", 0);
        line(out, "aof_enabled", s.aof != null ? 1 : 0);
        String error = s.aof == null ? null : s.aof.error();
        line(out, "aof_last_write_status", error == null ? "ok" : "err");
        line(out, "aof_last_bgrewrite_status", "ok");
        line(out, "aof_current_size", s.aof == null ? 0 : s.aof.size());
        line(out, "aof_pending_bio_fsync", s.bio.pending(BioKind.AOF_FSYNC));
        line(out, "aof_delayed_fsync", s.aof == null ? 0 : s.aof.delayedFsyncs());
        line(out, "aof_fsync", s.config.appendFsync());
        line(out, "rdb_changes_since_last_save", s.dirty);
    }

    private static void stats(RedisServer s, StringBuilder out) {
        ChannelStats channel = s.loop.stats();
        BlockingStats blocking = s.dispatcher.stats();
        out.append("# Stats\r\n");
        line(out, "total_connections_received", channel.accepted());
        line(out, "total_commands_processed", s.commandsOnConnection);
        line(out, "rejected_connections", channel.rejected());
        line(out, "total_net_input_bytes", channel.queryBytes());
        line(out, "total_net_output_bytes", channel.outputBytes());
        line(out, "total_blocking_keys", s.dispatcher.keysWaitedOn());
        line(out, "total_blocked", blocking.totalBlocked());
        line(out, "blocked_timeouts", blocking.timeouts());
        line(out, "lazyfree_pending_objects", s.lazyfreePending.get());
        line(out, "lazyfreed_objects", s.lazyfreed.get());
        line(out, "total_error_replies", s.errorStats.total());
    }

    private static void errorstats(RedisServer s, StringBuilder out) {
        out.append("# Errorstats\r\n");
        for (Map.Entry<String, Long> e : s.errorStats.byCode().entrySet()) {
            line(out, "errorstat_" + e.getKey(), "count=" + e.getValue());
        }
    }

    private static void commandstats(RedisServer s, StringBuilder out) {
        out.append("# Commandstats\r\n");
        for (Map.Entry<String, CommandStats> e : new TreeMap<>(s.dispatcher.stats().commands()).entrySet()) {
            CommandStats now = e.getValue();
            long calls = now.calls();
            if (calls <= 0 && now.failedCalls() <= 0 && now.rejectedCalls() <= 0) {
                continue;
            }
            long usec = now.usec();
            out.append("cmdstat_").append(e.getKey()).append(":calls=").append(calls)
                    .append(",usec=").append(usec)
                    .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f", calls == 0 ? 0.0 : (double) usec / calls))
                    .append(",rejected_calls=").append(now.rejectedCalls())
                    .append(",failed_calls=").append(now.failedCalls())
                    .append("\r\n");
        }
    }

    private static void threads(RedisServer s, StringBuilder out) {
        ThrStats t = s.thr.stats();
        out.append("# Threads\r\n");
        line(out, "thr_provider", t.provider());
        line(out, "thr_parallelism", t.parallelism());
        line(out, "thr_posted", t.posted());
        line(out, "thr_run", t.run());
        line(out, "thr_failed", t.failed());
        line(out, "thr_stolen", t.stolen());
        line(out, "thr_inline_on_overflow", t.inlineOnOverflow());
        line(out, "thr_parks", t.parks());
        line(out, "thr_wakeups", t.wakeups());
        for (QueueStats q : t.queues()) {
            line(out, "thr_queue_" + q.name().replaceAll("[^A-Za-z0-9_]", "_"),
                    "posted=" + q.posted() + ",run=" + q.run() + ",pending=" + q.pending());
        }
    }

    private static void bio(RedisServer s, StringBuilder out) {
        out.append("# Bio\r\n");
        for (BioStats b : s.bio.stats()) {
            line(out, b.kind().name(), "pending=" + b.pending() + ",done=" + b.done() + ",failed=" + b.failed()
                    + ",oldest_pending_age_ms=" + b.oldestPendingAge().toMillis());
        }
    }

    private static void keyspace(RedisServer s, StringBuilder out) {
        out.append("# Keyspace\r\n");
        for (int db = 0; db < s.keys().databases(); db++) {
            int keys = s.keys().size(db);
            if (keys > 0) {
                line(out, "db" + db, "keys=" + keys + ",expires=" + s.keys().expiring(db) + ",avg_ttl=0");
            }
        }
    }
}
